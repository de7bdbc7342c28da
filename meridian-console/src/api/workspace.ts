// Workspaces and their members (server package workspace); associated resources are served by the quota package.
import { http, itemsOf, type ListQuery, type Page } from './http'
import type { PoolResources } from './capacity'

export type WorkspaceRole = 'WORKSPACE_ADMIN' | 'ALGORITHM_DEVELOPER' | 'ALGORITHM_OPS'
export const WORKSPACE_ROLES: WorkspaceRole[] = ['WORKSPACE_ADMIN', 'ALGORITHM_DEVELOPER', 'ALGORITHM_OPS']

export interface Workspace {
  id: string
  name: string
  description?: string
  isDefault: boolean
  myRoles?: string[]
  ownerId?: string
  ownerName?: string
  memberCount: number
  createdAt?: string
  version?: number
}

export interface WorkspaceMember {
  userId: string
  username: string
  displayName?: string
  roles: string[]
  /** IAM admins are implicit, non-removable workspace admins. */
  implicit?: boolean
  addedAt?: string
  version?: number
}

export interface WorkspaceResource {
  id: string
  kind: 'QUEUE' | 'QUOTA'
  name: string
  clusterId?: string
  clusterName?: string
  isDefault?: boolean
  status?: string
  workloadTypes?: string[]
  flavorName?: string
  /** the card model the pool's resources are, when it has one */
  deviceModel?: string | null
  capacity?: PoolResources
  allocated?: PoolResources
  associatedAt?: string
}

export const workspacesApi = {
  list: (q: ListQuery) => http.get<Page<Workspace>>('/workspaces', q),
  get: (id: string) => http.get<Workspace>(`/workspaces/${id}`),
  create: (f: { name: string; description: string }) => http.post<Workspace>('/workspaces', f),
  update: (id: string, f: { name: string; description: string; version?: number }) =>
    http.put<Workspace>(`/workspaces/${id}`, f),
  remove: (id: string) => http.del<void>(`/workspaces/${id}`),
  members: (id: string, q: ListQuery) => http.get<Page<WorkspaceMember>>(`/workspaces/${id}/members`, q),
  addMember: (id: string, m: { userId: string; roles: string[] }) =>
    http.post<WorkspaceMember>(`/workspaces/${id}/members`, m),
  updateMember: (id: string, m: WorkspaceMember, roles: string[]) =>
    http.put<WorkspaceMember>(`/workspaces/${id}/members/${m.userId}`, { roles, version: m.version }),
  removeMember: (id: string, userId: string) => http.del<void>(`/workspaces/${id}/members/${userId}`),
  resources: async (id: string) => itemsOf(await http.get<WorkspaceResource[]>(`/workspaces/${id}/resources`)),
  associate: (id: string, r: { queueIds?: string[]; quotaIds?: string[] }) =>
    http.post<WorkspaceResource[]>(`/workspaces/${id}/resources`, r),
}
