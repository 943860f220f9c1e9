import { runAction } from '../../core/action-runtime.js'
import { createReleaseAction } from './create-release.js'

await runAction('create-release', (ctx) => createReleaseAction(ctx))
