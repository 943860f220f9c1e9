/** Figures: samples with median / min / max, and ratios against a reference measured the same way. */
export interface Summary {
  median: number
  min: number
  max: number
}

export interface Figure {
  /** Section of the report, e.g. 'cold start'. */
  group: string
  /** What was measured, e.g. 'deploy: process start -> first request'. */
  name: string
  unit: string
  /** Number of samples (one per run, or one per task / environment where the note says so). */
  runs: number
  samples: number[]
  stats: Summary
  /** The reference this figure is compared with (another figure's name, or a model), and the ratio of medians. */
  reference?: { name: string; median: number; ratio: number }
  note?: string
}

export function summarize(samples: number[]): Summary {
  if (!samples.length) throw new Error('no samples to summarize')
  const sorted = [...samples].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median, min: sorted[0], max: sorted[sorted.length - 1] }
}

export function figure(group: string, name: string, unit: string, samples: number[], extra: Partial<Pick<Figure, 'note'>> = {}): Figure {
  return { group, name, unit, runs: samples.length, samples, stats: summarize(samples), ...extra }
}

/** Attaches a reference: ratio = this figure's median / the reference's median. */
export function against(f: Figure, name: string, referenceMedian: number): Figure {
  return { ...f, reference: { name, median: referenceMedian, ratio: referenceMedian ? f.stats.median / referenceMedian : NaN } }
}

export const round = (n: number, digits = 1): number => {
  const p = 10 ** digits
  return Math.round(n * p) / p
}
