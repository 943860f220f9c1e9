/**
 * The official Octopus action bundles (`../shared/reference/official-bundles/`, unchanged, Apache-2.0) that the
 * benchmarks run side by side with ours as references. They are looked up next to the repository (the layout of this
 * workspace: `<root>/shared/reference/...` beside `<root>/main` or `<root>/wt/<name>`), or where
 * `BENCH_OFFICIAL_BUNDLES` points; absent, the comparisons are skipped with a note.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { REPO } from './bundles.js'

export type OfficialAction = 'create-release-action' | 'deploy-release-action' | 'push-package-action' | 'await-task-action'

export interface OfficialBundle {
  name: OfficialAction
  /** e.g. `create-release-action v4.2.1` (from the folder's SOURCE line). */
  label: string
  bundle: string
  actionYml: string
}

export function officialBundlesDir(): string | undefined {
  const candidates = [process.env.BENCH_OFFICIAL_BUNDLES, resolve(REPO, '../shared/reference/official-bundles'), resolve(REPO, '../../shared/reference/official-bundles')]
  return candidates.find((d): d is string => !!d && existsSync(d))
}

export function officialBundle(name: OfficialAction): OfficialBundle | undefined {
  const dir = officialBundlesDir()
  if (!dir) return undefined
  const bundle = join(dir, name, 'index.js')
  const actionYml = join(dir, name, 'action.yml')
  if (!existsSync(bundle) || !existsSync(actionYml)) return undefined
  const source = existsSync(join(dir, name, 'SOURCE')) ? readFileSync(join(dir, name, 'SOURCE'), 'utf8') : ''
  const version = /^(\S+)\s+(v[\d.]+)/.exec(source)
  return { name, label: `${name}${version ? ` ${version[2]}` : ''}`, bundle, actionYml }
}

export const OFFICIAL_NOTE_ABSENT =
  'The official bundles (../shared/reference/official-bundles/, or BENCH_OFFICIAL_BUNDLES) are absent: the comparisons with them were skipped.'
