/**
 * GoCD's `NameTypeValidator` for pipeline, stage and job names: letters, digits, `_`, `-`, and `.` after the first
 * character, at most 255. A valid name is always one plain URL path segment: it cannot be `.` or `..`, which URL
 * normalisation would turn into a different path (`/files/p/1/../1/job` is `/files/p/1/job`).
 */
export const GOCD_NAME = /^[a-zA-Z0-9_-][a-zA-Z0-9_.-]{0,254}$/

/** Why `value` cannot be a GoCD name (undefined when it can). */
export function gocdNameProblem(value: string): string | undefined {
  return GOCD_NAME.test(value) ? undefined : `must be a GoCD name (letters, digits, _, - and ., not starting with .), got ${JSON.stringify(value.slice(0, 60))}`
}
