import { runAction } from '../../core/action-runtime.js'
import { rotateSecret } from './rotate-secret.js'

await runAction('rotate-secret', (ctx) => rotateSecret(ctx))
