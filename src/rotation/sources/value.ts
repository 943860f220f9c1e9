/** The `value` source: a value given as input (e.g. from a previous step), already masked when it was read. */
import type { CredentialSource, NewCredential } from './types.js'

export class ValueSource implements CredentialSource {
  readonly description = 'given value'
  readonly revocable = false

  constructor(private readonly value: string) {}

  async check(): Promise<void> {}

  async create(): Promise<NewCredential> {
    return { id: '', value: this.value }
  }

  async verify(): Promise<void> {}
  switchTo(): void {}
  async listManaged() {
    return []
  }
  async revoke(): Promise<void> {}
}
