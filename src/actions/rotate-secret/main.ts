import { runAction } from '../../core/action-runtime.js'
import { rotateSecret } from './rotate-secret.js'

export async function run(): Promise<number> {
  return runAction('rotate-secret', (ctx) => rotateSecret(ctx))
}
