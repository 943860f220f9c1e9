/** Current user v1: the login GoCD records as `approver` of the runs this client schedules. */
import { API_VERSION, type GocdClient } from './client.js'
import type { CurrentUser } from './types.js'

export function getCurrentUser(client: GocdClient): Promise<CurrentUser> {
  return client.get<CurrentUser>('/api/current_user', API_VERSION.currentUser)
}
