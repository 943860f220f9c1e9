/**
 * Seed data, modelled on the tutorial "Deploy an ASP.NET application to Kubernetes using Octopus and GitHub Actions":
 * environments Dev, Test and Prod; the "Dev, Test, and Prod" lifecycle (Dev optional, Test required before Prod);
 * project "Random Quotes" whose step "Deploy container to Kubernetes" uses package `randomquotes` from the built-in
 * feed, with a "Deployment Sign Off" manual intervention on Prod. Beside it: a project with a prompted variable, a
 * tenanted project with tenants and tag sets, a second channel with a version rule, a version-controlled project,
 * and a second space.
 */
import { addEnvironment, addLifecycle, addMachine, addProject, addRunbook, addSpace, takeRunbookSnapshot, addTagSet, addTenant } from './builders.js'
import { newApiKeyId } from './ids.js'
import type { OctopusStore } from './store.js'

export const SEED = {
  space: 'Default',
  project: 'Random Quotes',
  step: 'Deploy container to Kubernetes',
  packageId: 'randomquotes',
  environments: ['Dev', 'Test', 'Prod'],
  lifecycle: 'Dev, Test, and Prod',
  promptedProject: 'Random Quotes Maintenance',
  promptedVariable: 'Change Ticket',
  tenantedProject: 'Random Quotes SaaS',
  tenants: ['Acme', 'Globex', 'Initech'],
  gitProject: 'Random Quotes Config',
  hotfixChannel: 'Hotfix',
  secondSpace: 'Operations',
  runbooks: {
    /** Published, runs anywhere. */
    flush: 'Flush Cache',
    /** Published, scoped to Test and Prod; its Prod runs need a manual sign-off. */
    smoke: 'Smoke Test',
    /** Never published (a snapshot must be named, or a new one taken); prompted variable "Target Version". */
    migrate: 'Migrate Database',
    /** Tenanted runbook of the SaaS project (published). */
    tenantKeys: 'Rotate Tenant Keys',
    /** Git-stored runbook of the version-controlled project (branches main and feature/new-quotes). */
    reload: 'Reload Configuration'
  }
} as const

/** Package versions present in the built-in feed at start: `[packageId, version]`. */
export const SEED_PACKAGES: [string, string][] = [
  ['randomquotes', '1.0.0'],
  ['randomquotes', '1.0.1'],
  ['randomquotes', '2.0.0'],
  ['randomquotes-saas', '3.1.0']
]

export interface SeedUsers {
  adminApiKey: string
  serviceAccountId: string
  oidcIdentities: { Issuer: string; Subject: string }[]
}

export function seedOctopus(store: OctopusStore, users: SeedUsers): void {
  const space = addSpace(store, 'Default', true)
  const ops = addSpace(store, SEED.secondSpace)

  for (const name of SEED.environments) addEnvironment(store, space, name)
  addLifecycle(store, space, 'Default Lifecycle', [
    { name: 'Dev', environments: ['Dev'] },
    { name: 'Test', environments: ['Test'] },
    { name: 'Prod', environments: ['Prod'] }
  ])
  addLifecycle(
    store,
    space,
    SEED.lifecycle,
    [
      { name: 'Dev', environments: ['Dev'], optional: true },
      { name: 'Test', environments: ['Test'] },
      { name: 'Prod', environments: ['Prod'] }
    ],
    'Progression from the Dev to the Prod environments'
  )
  addMachine(store, space, 'Kubernetes', ['Dev'], ['k8s'])
  addMachine(store, space, 'Kubernetes Test', ['Test'], ['k8s'])
  addMachine(store, space, 'Kubernetes Prod', ['Prod'], ['k8s'])

  addProject(store, space, {
    name: SEED.project,
    lifecycle: SEED.lifecycle,
    description: 'Random Quotes web application',
    steps: [
      { name: SEED.step, actionType: 'Octopus.KubernetesDeployContainers', package: SEED.packageId },
      {
        name: 'Deployment Sign Off',
        instructions: 'Open the application and confirm it meets all the requirements.',
        environments: ['Prod']
      },
      { name: 'Random quotes deployment status', actionType: 'Octopus.Email', excludedEnvironments: ['Dev'], condition: 'Always' }
    ],
    channels: [{ name: SEED.hotfixChannel, rules: [{ versionRange: '[2.0,3.0)', steps: [SEED.step] }] }]
  })

  addProject(store, space, {
    name: SEED.promptedProject,
    lifecycle: 'Default Lifecycle',
    steps: [{ name: 'Run maintenance script', actionType: 'Octopus.Script' }],
    promptedVariables: [
      { Name: SEED.promptedVariable, Label: 'Change ticket number', Required: true },
      { Name: 'Maintenance Window', Label: 'Maintenance window (minutes)', Required: false, Default: '30' }
    ]
  })

  addTagSet(store, space, 'Tier', ['Gold', 'Silver'])
  addTagSet(store, space, 'Region', ['EU', 'US'])
  addProject(store, space, {
    name: SEED.tenantedProject,
    lifecycle: 'Default Lifecycle',
    tenanted: 'Tenanted',
    steps: [{ name: 'Deploy tenant site', package: 'randomquotes-saas' }]
  })
  addTenant(store, space, 'Acme', { [SEED.tenantedProject]: ['Dev', 'Test', 'Prod'] }, ['Tier/Gold', 'Region/EU'])
  addTenant(store, space, 'Globex', { [SEED.tenantedProject]: ['Dev', 'Test', 'Prod'] }, ['Tier/Silver', 'Region/US'])
  addTenant(store, space, 'Initech', { [SEED.tenantedProject]: ['Dev', 'Test'] }, ['Tier/Gold', 'Region/US'])

  addProject(store, space, {
    name: SEED.gitProject,
    lifecycle: 'Default Lifecycle',
    versionControlled: { defaultBranch: 'main', branches: ['main', 'feature/new-quotes'] },
    steps: [{ name: 'Apply configuration', actionType: 'Octopus.Script', gitResources: ['config'] }]
  })

  const byName = (name: string) => store.project(space, name)!
  addRunbook(store, byName(SEED.project), { name: SEED.runbooks.flush, description: 'Flushes the quote cache', steps: [{ name: 'Flush the cache' }] })
  addRunbook(store, byName(SEED.project), {
    name: SEED.runbooks.smoke,
    environments: ['Test', 'Prod'],
    steps: [{ name: 'Run smoke tests' }, { name: 'Smoke test sign off', instructions: 'Check the smoke test report.', environments: ['Prod'] }]
  })
  const migrate = addRunbook(store, byName(SEED.project), {
    name: SEED.runbooks.migrate,
    published: false,
    environments: 'lifecycle',
    steps: [{ name: 'Back up the database' }, { name: 'Apply migrations', package: SEED.packageId }],
    promptedVariables: [{ Name: 'Target Version', Label: 'Schema version to migrate to', Required: true }]
  })
  takeRunbookSnapshot(store, migrate, { notes: 'Taken, not published' }, new Date().toISOString())
  addRunbook(store, byName(SEED.tenantedProject), { name: SEED.runbooks.tenantKeys, multiTenancy: 'Tenanted', steps: [{ name: 'Rotate the keys' }] })
  addRunbook(store, byName(SEED.gitProject), { name: SEED.runbooks.reload, steps: [{ name: 'Reload the configuration', gitResources: ['config'] }] })

  addEnvironment(store, ops, 'Production')
  addLifecycle(store, ops, 'Default Lifecycle', [{ name: 'Production', environments: ['Production'] }])
  addProject(store, ops, { name: 'Infrastructure', lifecycle: 'Default Lifecycle', steps: [{ name: 'Run a script' }] })

  const now = new Date().toISOString()
  store.users.push({
    Id: store.nextId('Users'),
    Username: 'admin',
    DisplayName: 'Administrator',
    EmailAddress: 'admin@example.org',
    IsService: false,
    IsActive: true,
    OidcIdentities: []
  })
  store.users.push({
    Id: store.nextId('Users'),
    Username: 'github-actions',
    DisplayName: 'GitHub Actions',
    EmailAddress: '',
    IsService: true,
    IsActive: true,
    OidcIdentities: users.oidcIdentities,
    ServiceAccountId: users.serviceAccountId
  })
  store.apiKeys.push({
    Id: newApiKeyId(),
    UserId: 'Users-1',
    Purpose: 'Sandbox bootstrap key',
    Key: users.adminApiKey,
    Created: now,
    Expires: null,
    ActorType: 'User',
    LastUsedTimeStamp: null,
    Revoked: false
  })
}
