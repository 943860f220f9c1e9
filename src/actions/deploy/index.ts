import { runAction } from '../../core/action-runtime.js'
import { deploy } from './deploy.js'

await runAction('deploy', (ctx) => deploy(ctx))
