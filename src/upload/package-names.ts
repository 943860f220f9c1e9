/**
 * Octopus package names. The built-in feed takes the package id and version from the uploaded file's name,
 * `<PackageId>.<Version>.<ext>`: ids are segments of letters and digits separated by `.`, `-` or `_` (Octopus
 * docs, "Package ID"), versions are SemVer 2 (or up to four numeric parts), and the extension is one of the
 * package formats Octopus can deploy.
 */
export const OVERWRITE_MODES = ['FailIfExists', 'OverwriteExisting', 'IgnoreIfExists'] as const
export type OverwriteMode = (typeof OVERWRITE_MODES)[number]

export const PACKAGE_EXTENSIONS = ['.tar.gz', '.tar.bz2', '.tar.Z', '.tgz', '.tbz', '.zip', '.nupkg', '.tar', '.jar', '.war', '.ear', '.rar']

const ID = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/
const VERSION = /^\d+(?:\.\d+){0,3}(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/

export function packageIdProblem(id: string): string | undefined {
  return ID.test(id) ? undefined : 'must be letters and digits in segments separated by ., - or _ (e.g. Acme.Web)'
}

export function packageVersionProblem(version: string): string | undefined {
  return VERSION.test(version) ? undefined : 'must be a SemVer version such as 1.2.3, 1.2.3-beta.1 or 1.2.3.4'
}

export interface PackageFileName {
  packageId: string
  version: string
  extension: string
}

/**
 * Splits `<PackageId>.<Version>.<ext>`. The version starts at the first `.<digits>` segment followed only by a
 * valid version, so ids may contain dots (`Acme.Web.1.2.3.zip` -> `Acme.Web`, `1.2.3`).
 */
export function parsePackageFileName(fileName: string): PackageFileName | undefined {
  const extension = PACKAGE_EXTENSIONS.find((e) => fileName.toLowerCase().endsWith(e.toLowerCase()))
  if (!extension) return undefined
  const stem = fileName.slice(0, fileName.length - extension.length)
  for (let i = stem.indexOf('.'); i > 0; i = stem.indexOf('.', i + 1)) {
    const packageId = stem.slice(0, i)
    const version = stem.slice(i + 1)
    if (/^\d/.test(version) && !packageVersionProblem(version) && !packageIdProblem(packageId))
      return { packageId, version, extension: fileName.slice(fileName.length - extension.length) }
  }
  return undefined
}
