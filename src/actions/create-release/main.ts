import { runAction } from '../../core/action-runtime.js'
import { createReleaseAction } from './create-release.js'

export async function run(): Promise<number> {
  return runAction('create-release', (ctx) => createReleaseAction(ctx))
}
