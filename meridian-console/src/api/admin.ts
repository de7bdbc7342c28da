// Settings, audit log, tenants (operator) and the overview.
import { http, type ListQuery, type Page } from './http'
import type { RunStatus } from './workload'

export interface Settings {
  maxConcurrentCards: number
  maxCpuCores: number
  initialParallelStorageGiB: number
  /** the tenant's default queues serve every workspace, not only the default one (absent: unchanged) */
  defaultQueueForAllWorkspaces?: boolean
  version?: number
}

export interface UserLimit {
  userId: string
  username?: string
  displayName?: string
  maxConcurrentCards: number
  maxCpuCores: number
  overridden?: boolean
  version?: number
}

export interface AuditEvent {
  id: string
  time: string
  userId?: string
  username?: string
  /** the operation's code (training-task.create), for filters and scripts */
  action: string
  /** the operation in the reader's language */
  actionText?: string
  targetType?: string
  targetTypeText?: string
  /** a refusal's problem code; its message is in detail */
  errorCode?: string | null
  targetId?: string
  targetName?: string
  result: 'SUCCESS' | 'FAILURE' | string
  status?: number
  detail?: string
  sourceIp?: string
}

export interface Tenant {
  id: string
  name: string
  description?: string
  mainUserId?: string
  mainUsername?: string
  features: string[]
  createdAt?: string
}

/** GET /settings/tenant-limits/{tenantId}: the operator's cap on a tenant; the limits are absent while it is unlimited. */
export interface TenantLimit {
  id: string
  name: string
  maxConcurrentCards?: number | null
  maxCpuCores?: number | null
  limited: boolean
  updatedAt?: string | null
  version: number
}

export const TENANT_FEATURES = ['CROSS_REGION_TRAINING', 'DEV_MACHINE_SSH'] as const

/** GET /overview: what the caller can see; virtualCards are declared capacity (embedded default), not hardware. */
export interface Overview {
  workspaces: number
  users: number
  clusters: number
  schedulableNodes: number
  cards: number
  virtualCards: number
  queues: number
  quotas: number
  work: OverviewWork
}

/** What runs and waits in the caller's workspaces, cards in use now and at each hour of the last day, the newest runs. */
export interface OverviewWork {
  running: number
  queued: number
  cardsInUse: number
  /** percent of the overview's cards; null without cards */
  utilization: number | null
  cardTrend: { at: string; cards: number }[]
  recent: { id: string; name: string; kind: 'TRAINING' | 'JOB' | string; sourceId: string; workspaceId: string; status: RunStatus; createdAt: string; finishedAt?: string | null }[]
}

export const settingsApi = {
  get: () => http.get<Settings>('/settings'),
  update: (s: Settings) => http.put<Settings>('/settings', s),
  /** The one-step path to capacity for a new workspace: the default queues serve every workspace of the tenant. */
  shareDefaultQueue: async () => {
    const s = await http.get<Settings>('/settings')
    return http.put<Settings>('/settings', { ...s, defaultQueueForAllWorkspaces: true })
  },
  userLimits: (q: ListQuery) => http.get<Page<UserLimit>>('/settings/user-limits', q),
  userLimit: (userId: string) => http.get<UserLimit>(`/settings/user-limits/${userId}`),
  setUserLimit: (userId: string, l: { maxConcurrentCards: number; maxCpuCores: number; version?: number }) =>
    http.put<UserLimit>(`/settings/user-limits/${userId}`, l),
  removeUserLimit: (userId: string) => http.del<void>(`/settings/user-limits/${userId}`),
}

export const auditApi = {
  list: (q: ListQuery) => http.get<Page<AuditEvent>>('/audit-events', q),
}

export const tenantsApi = {
  list: (q: ListQuery) => http.get<Page<Tenant>>('/tenants', q),
  create: (f: { name: string; description: string; adminUsername: string; adminPassword: string; adminEmail: string }) =>
    http.post<Tenant>('/tenants', f),
  setFeatures: (id: string, features: string[]) => http.put<Tenant>(`/tenants/${id}/features`, { features }),
  limit: (id: string) => http.get<TenantLimit>(`/settings/tenant-limits/${id}`),
  setLimit: (id: string, l: { maxConcurrentCards: number; maxCpuCores: number; version?: number }) =>
    http.put<TenantLimit>(`/settings/tenant-limits/${id}`, l),
  removeLimit: (id: string) => http.del<void>(`/settings/tenant-limits/${id}`),
}

export const overviewApi = {
  get: () => http.get<Overview>('/overview'),
}
