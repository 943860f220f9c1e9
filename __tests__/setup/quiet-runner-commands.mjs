// In-process tests run library code that talks to a runner through stdout: @actions/glob and @actions/artifact write
// `::debug::` workflow commands with `core.debug`, which the runner would hide. No runner reads this process's
// stdout, so those lines are dropped instead of filling the test output. Everything else passes through, and a test
// that captures stdout itself (replacing process.stdout.write) still sees every line.
const write = process.stdout.write.bind(process.stdout)
process.stdout.write = function quietDebug(chunk, ...rest) {
  if (typeof chunk === 'string' && chunk.startsWith('::debug::')) {
    const callback = rest.find((r) => typeof r === 'function')
    if (callback) callback()
    return true
  }
  return write(chunk, ...rest)
}
