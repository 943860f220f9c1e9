import { runAction } from '../../core/action-runtime.js'
import { triggerGocdPipeline } from './trigger.js'

export async function run(): Promise<number> {
  return runAction('trigger-gocd-pipeline', (ctx) => triggerGocdPipeline(ctx))
}
