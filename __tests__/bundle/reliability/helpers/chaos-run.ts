/** One chaos run on one fake: installs the plan step, runs the body, and returns the ledger entries and table row. */
import type { FakeServer, LedgerEntry } from '../../../../sandbox/common/index.js'
import { clearChaos, faultsInLog, installChaos, type ChaosRow, type ChaosStep } from './chaos.js'

export async function chaosRun(
  server: FakeServer,
  row: { action: string; mode: ChaosRow['mode']; kind: string; expected: number },
  step: ChaosStep,
  body: () => Promise<string>
): Promise<{ added: LedgerEntry[]; row: ChaosRow }> {
  const logMark = server.log.entries.length
  const ledgerMark = server.ledger.entries.length
  installChaos(server, step.rate, step.seed, { firstWrite: step.firstWrite })
  let outcome: string
  try {
    outcome = await body()
  } finally {
    clearChaos(server)
  }
  const added = server.ledger.entries.slice(ledgerMark).filter((e) => e.kind === row.kind)
  const unique = new Set(added.map((e) => e.id)).size
  const { requests, faults } = faultsInLog(server, logMark)
  return {
    added,
    row: {
      action: row.action,
      mode: row.mode,
      rate: step.rate,
      firstWrite: step.firstWrite,
      seed: step.seed,
      requests,
      faults,
      outcome,
      operations: added.length,
      expected: row.expected,
      // A second entry for the same id, or more distinct ids than intended operations.
      duplicates: added.length - unique + Math.max(0, unique - row.expected)
    }
  }
}
