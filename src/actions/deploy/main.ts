import { runAction } from '../../core/action-runtime.js'
import { deploy } from './deploy.js'

export async function run(): Promise<number> {
  return runAction('deploy', (ctx) => deploy(ctx))
}
