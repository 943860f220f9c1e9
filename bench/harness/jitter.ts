/**
 * Seeded phase jitter for timing benchmarks. Pollers with a 1 s period meet fakes whose delays are whole seconds
 * at the same phase every time, which would make detection latencies look systematically small (or large); each run
 * adds a jitter in [0, 1000) ms to the fake's delays so the samples cover the poll period. Seeded: runs repeat.
 */
import { seededRandom } from '../../sandbox/common/index.js'

export function jitterSource(seed: number): () => number {
  const random = seededRandom(seed)
  return () => Math.floor(random() * 1000)
}
