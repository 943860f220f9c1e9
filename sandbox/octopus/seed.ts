/**
 * Seed data, modelled on the tutorial "Deploy an ASP.NET application to Kubernetes using Octopus and GitHub Actions":
 * environments Dev, Test and Prod; the "Dev, Test, and Prod" lifecycle (Dev optional, Test required before Prod);
 * project "Random Quotes" whose step "Deploy container to Kubernetes" uses package `randomquotes` from the built-in
 * feed, with a "Deployment Sign Off" manual intervention on Prod. Beside it: a project with a prompted variable, a
 * tenanted project with tenants and tag sets, a second channel with a version rule, a version-controlled project,
 * and a second space.
 */
import { addEnvironment, addLifecycle, addMachine, addProject, addSpace, addTagSet, addTenant } from './builders.js'
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
  secondSpace: 'Operations'
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
