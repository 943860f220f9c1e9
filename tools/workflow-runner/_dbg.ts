import { runWorkflow } from './run-workflow.js'
import { formatReport } from './report.js'
const r = await runWorkflow({ workflowFile: 'workflows/files.yml', repoRoot: '__tests__/fixtures/workflows', event: { name: 'push', payload: { ref: 'refs/heads/feature/x', after: 'abc123' } }, env: { GITHUB_REPOSITORY: 'octo/app' }, onLog: (l) => console.log(l) })
console.log(formatReport(r))
