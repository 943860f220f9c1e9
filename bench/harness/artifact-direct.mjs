// The GitHub destination's library on its own: `@actions/artifact`'s uploadArtifact, called directly (no action, no
// selection, no checks) on every file under a directory, in the runner environment it is started with.
// Usage: node bench/harness/artifact-direct.mjs <name> <directory> <compression level>
// The upload benchmark runs it next to the action to tell the library's own throughput and memory from ours.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'

const [name, root, level] = process.argv.slice(2)
const files = readdirSync(root, { recursive: true, withFileTypes: true })
  .filter((d) => d.isFile())
  .map((d) => join(d.parentPath, d.name))
const result = await new DefaultArtifactClient().uploadArtifact(name, files, root, { compressionLevel: Number(level) })
console.log(`uploaded ${files.length} files as artifact ${result.id} (${result.size} bytes)`)
