/**
 * What the rotation needs from a credential source. Sources that create credentials at a server (Octopus API keys,
 * GoCD access tokens) label them with a marker so older ones can be found and revoked without stored state;
 * `random` and `value` create nothing that could be revoked.
 */

export interface NewCredential {
  /** The credential's id at its source ('' when the source keeps none). Never the secret. */
  id: string
  /** The secret value; registered with the SecretRegistry before `create()` returns. */
  value: string
}

export interface ManagedCredential {
  id: string
  /** The label holding the marker (Octopus `Purpose`, GoCD `description`). */
  label: string
  /** ISO-8601 creation time, used to keep the newest `keep_previous`. */
  createdAt?: string
}

export interface CredentialSource {
  /** What the credential is, for messages: "Octopus API key". */
  readonly description: string
  /** True when the source creates credentials it can list and revoke. */
  readonly revocable: boolean
  /** Dry run: prove the source can be reached with the configured connection, creating nothing. */
  check(): Promise<void>
  /** Creates the new credential (masked before it is returned). */
  create(): Promise<NewCredential>
  /** Proves the new credential works (an authenticated read with it); throws when it does not. */
  verify(credential: NewCredential): Promise<void>
  /** Uses the verified new credential for the source's later calls, where the source allows that. */
  switchTo(credential: NewCredential): void
  /** Credentials this action created earlier for the same secret (by marker), including the new one. */
  listManaged(): Promise<ManagedCredential[]>
  revoke(id: string): Promise<void>
  /** Releases connections. */
  close?(): Promise<void>
}
