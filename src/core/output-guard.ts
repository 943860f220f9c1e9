/**
 * The last line of defence on the runner: every write to stdout and stderr goes through `RunnerTextFilter` (after
 * redaction), except the writes our own code makes through `@actions/core` inside `trusted()` (its commands escape
 * their data, and the messages were neutralised by the logger before). So text printed by a library we call
 * (`@actions/artifact` logging file names, an error object, Node's warnings) cannot issue a runner command either.
 *
 * A library's own `@actions/core` calls write one whole command line per write; the ones a library needs pass
 * (`add-mask`, e.g. `@actions/artifact` masking the signature of its blob URLs, unredacted so the runner masks the
 * whole value; and `debug`, `notice`, `warning`, `error`, `group`, `endgroup`), so its masks, debug output and
 * warnings work as they do elsewhere. Every other command a library or stray text would write (`stop-commands`,
 * `set-output`, `set-env`, `add-path`, `save-state`, `add-matcher`, `echo`, legacy `##[…]`) is printed as text.
 */
import { StringDecoder } from 'node:string_decoder'
import { RunnerTextFilter } from './runner-text.js'

const LIBRARY_COMMAND = /^::(add-mask|debug|notice|warning|error|group|endgroup)(?: [^\r\n:]*)?::[^\r\n]*\r?\n$/

type Write = NodeJS.WriteStream['write']

export class OutputGuard {
  private depth = 0
  private readonly restores: (() => void)[] = []

  constructor(private readonly redact: (text: string) => string = (text) => text) {}

  /** Routes the streams' writes through the filter until `restore()`. */
  install(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): this {
    for (const stream of streams) this.wrap(stream)
    return this
  }

  /** Runs `fn`, whose writes are our own commands and already neutralised messages, passing them unchanged. */
  trusted<T>(fn: () => T): T {
    this.depth++
    try {
      return fn()
    } finally {
      this.depth--
    }
  }

  restore(): void {
    for (const restore of this.restores.splice(0).reverse()) restore()
  }

  private wrap(stream: NodeJS.WriteStream): void {
    const original = stream.write
    const write = original.bind(stream) as (chunk: string | Uint8Array, cb?: (err?: Error | null) => void) => boolean
    const filter = new RunnerTextFilter()
    const decoder = new StringDecoder('utf8')
    const guarded = (chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean => {
      const done = typeof encoding === 'function' ? encoding : cb
      const text = typeof chunk === 'string' ? (typeof encoding === 'string' && encoding !== 'utf8' ? Buffer.from(chunk, encoding).toString('utf8') : chunk) : decoder.write(Buffer.from(chunk))
      if (this.depth > 0) {
        if (text.endsWith('\n')) filter.reset()
        return write(text, done)
      }
      const command = LIBRARY_COMMAND.exec(text)
      if (command) {
        filter.reset()
        return write(command[1] === 'add-mask' ? text : this.redact(text), done)
      }
      return write(filter.write(this.redact(text)), done)
    }
    stream.write = guarded as Write
    this.restores.push(() => {
      stream.write = original
    })
  }
}
