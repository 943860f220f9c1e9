import { runAction } from '../../core/action-runtime.js'
import { uploadArtifactAction } from './upload-artifact.js'

await runAction('upload-artifact', (ctx) => uploadArtifactAction(ctx))
