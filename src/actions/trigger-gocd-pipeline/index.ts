import { runAction } from '../../core/action-runtime.js'
import { triggerGocdPipeline } from './trigger-gocd-pipeline.js'

await runAction('trigger-gocd-pipeline', (ctx) => triggerGocdPipeline(ctx))
