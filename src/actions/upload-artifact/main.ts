import { runAction } from '../../core/action-runtime.js'
import { uploadArtifactAction } from './upload-artifact.js'

export async function run(): Promise<number> {
  return runAction('upload-artifact', (ctx) => uploadArtifactAction(ctx))
}
