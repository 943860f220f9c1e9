/**
 * Web portal links for job summaries and outputs. Octopus's portal routes are hash routes below the root
 * document's `Web` link (`/app`): `app#/{spaceId}/projects/{slug}/deployments/releases/{version}` and so on.
 */
import type { OctopusClient } from './client.js'
import type { ProjectResource } from './types.js'

const seg = (s: string) => encodeURIComponent(s)

/** The project's overview page. */
export function projectWebUrl(client: OctopusClient, spaceId: string, project: ProjectResource): string {
  return client.webUrl(`${spaceId}/projects/${seg(project.Slug || project.Id)}`)
}

/** The release page (by project slug and release version). */
export function releaseWebUrl(client: OctopusClient, spaceId: string, project: ProjectResource, version: string): string {
  return client.webUrl(`${spaceId}/projects/${seg(project.Slug || project.Id)}/deployments/releases/${seg(version)}`)
}

/** The deployment page of a release. */
export function deploymentWebUrl(client: OctopusClient, spaceId: string, project: ProjectResource, version: string, deploymentId: string): string {
  return client.webUrl(`${spaceId}/projects/${seg(project.Slug || project.Id)}/deployments/releases/${seg(version)}/deployments/${seg(deploymentId)}`)
}

/** The server task page (task log, interruptions). */
export function taskWebUrl(client: OctopusClient, spaceId: string, taskId: string): string {
  return client.webUrl(`${spaceId}/tasks/${seg(taskId)}`)
}
