/**
 * The test double of the suite's `SummaryWriter`: the same `SummaryDocument` the runner-backed summary is (same
 * HTML, same escaping, redacted as a whole on `write()` with the given secrets), keeping the HTML in memory.
 */
import { SummaryDocument, type Redactor } from '../../src/core/summary.js'

const noSecrets: Redactor = { redact: (text) => text }

export class MemorySummary extends SummaryDocument {
  written = ''
  constructor(secrets: Redactor = noSecrets) {
    super(secrets, async (html) => {
      this.written += html
    })
  }
  /** Everything written, then what is still pending. */
  text(): string {
    return this.written + this.pending()
  }
}
