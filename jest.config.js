/**
 * Three jest projects, decided by folder (docs/architecture.md, "Tests"):
 *
 * - unit:        `__tests__/unit/` mirrors `src/` one to one (`unit/<path>.test.ts` tests `src/<path>.ts`), plus the
 *                repository checks in `__tests__/suite/`. No servers, no child processes, no bundles: seconds.
 * - integration: `__tests__/integration/` (src/ against the fakes on 127.0.0.1, in process), `__tests__/sandbox/`
 *                (the fakes themselves), `__tests__/tools/` (the workflow runner, with its fixture actions) and
 *                `__tests__/conformance/` (clients nobody here wrote, unchanged, against the fakes).
 * - bundle:      `__tests__/bundle/`: the built `dist/` bundles run as the runner runs them (per action, smoke,
 *                reliability, the example workflows and the demo). Needs `npm run build` after source changes.
 *
 * `__tests__/suite/test-layout.test.ts` fails when a test file is matched by no project or by more than one.
 */
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const rootDir = dirname(fileURLToPath(import.meta.url))

/** Test file patterns of each project (regular expressions over the path relative to the repository). */
export const PROJECT_TESTS = {
  unit: ['^__tests__/unit/.*\\.test\\.ts$', '^__tests__/suite/.*\\.test\\.ts$'],
  integration: [
    '^__tests__/integration/.*\\.test\\.ts$',
    '^__tests__/sandbox/.*\\.test\\.ts$',
    '^__tests__/tools/.*\\.test\\.ts$',
    '^__tests__/conformance/.*\\.test\\.ts$'
  ],
  bundle: ['^__tests__/bundle/.*\\.test\\.ts$']
}

const base = {
  rootDir,
  preset: 'ts-jest/presets/default-esm',
  resolver: 'ts-jest-resolver',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/__tests__/fixtures/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }],
    '/node_modules/@actions/workflow-parser/.+\\.js$': '<rootDir>/__tests__/setup/json-import-attributes.mjs'
  },
  transformIgnorePatterns: ['/node_modules/(?!@actions/workflow-parser/)'],
  setupFiles: ['<rootDir>/__tests__/setup/quiet-runner-commands.mjs'],
  clearMocks: true
}

// jest matches testRegex against the absolute path: anchor each pattern at the repository root.
const escapedRoot = rootDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const testRegex = (patterns) => patterns.map((p) => `${escapedRoot}/${p.slice(1)}`)

/** @type {import('jest').Config} */
export default {
  testTimeout: 30000,
  projects: [
    { ...base, displayName: 'unit', testRegex: testRegex(PROJECT_TESTS.unit) },
    // The fixture action's bundle (the workflow runner's tests and the bundle smoke test run it) is built once.
    { ...base, displayName: 'integration', testRegex: testRegex(PROJECT_TESTS.integration), globalSetup: '<rootDir>/__tests__/setup/global-setup.mjs' },
    { ...base, displayName: 'bundle', testRegex: testRegex(PROJECT_TESTS.bundle), globalSetup: '<rootDir>/__tests__/setup/global-setup.mjs' }
  ]
}
