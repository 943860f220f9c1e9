/**
 * What to tell the user when Octopus refuses a deployment: the server's message stays verbatim (it names the release,
 * environment and reason), followed by the likely fix.
 */
import { ApiError } from '../../core/errors.js'

const HINTS: [RegExp, string][] = [
  [
    /cannot be deployed to environment|not in the list of environments/i,
    "Octopus lifecycles decide where a release may go next: deploy it to the earlier phases first (for example Test before Prod), check the environment's spelling, and check that the credential may deploy there."
  ],
  [/prompted variable/i, "Pass the value in the 'variables' input, one 'name=value' per line (use a secret for sensitive values)."],
  [/requires tenants|requires a tenant/i, "The project deploys to tenants: set 'tenants' (names, or '*' for all) and/or 'tenant_tags' with 'environment'."],
  [/not configured for tenanted/i, "The project is not tenanted: remove 'tenants' and 'tenant_tags'."],
  [/tenant tag/i, "Tenant tags use the canonical form TagSet/Tag, such as Tier/Gold; check them in Octopus (Library > Tenant Tag Sets)."],
  [/tenant/i, "Check 'tenants': the tenants must exist and be connected to the project in that environment."],
  [/machine/i, "Check 'specific_machines' and 'excluded_machines': they take deployment target names."],
  [/freeze/i, 'A deployment freeze is active for this environment: wait for it to end, or ask an Octopus administrator to override it.'],
  [/NoRunAfter|RunAt/i, "Check 'deploy_at' and 'deploy_at_expiry' (ISO 8601, the expiry later than the start)."]
]

/** The error with a hint for deployment refusals (400/409/422); other errors unchanged. */
export function withDeployHint(err: unknown): unknown {
  if (!(err instanceof ApiError) || err.hint || ![400, 409, 422].includes(err.status)) return err
  const text = `${err.serverMessage} ${err.body}`
  const hint = HINTS.find(([re]) => re.test(text))?.[1]
  return hint ? err.withHint(hint) : err
}
