/** `npm run sandbox` entry: starts the GoCD fake in real time (runs take seconds) and publishes its connection details. */
import type { SandboxContext, SandboxEntry } from '../cli.js'
import { startGocdFake } from './index.js'

export async function start(_ctx: SandboxContext): Promise<SandboxEntry> {
  const fake = await startGocdFake({ scheduleDelayMs: 2000, defaultStagePlan: { outcome: 'pass', durationMs: 8000 } })
  return {
    key: 'gocd',
    state: { url: fake.url, username: fake.username, password: fake.password, token: fake.token },
    close: () => fake.close()
  }
}
