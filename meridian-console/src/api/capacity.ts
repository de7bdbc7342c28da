// Queues and resource quotas (server package quota: "pools").
import { http, itemsOf, type ListQuery, type Page } from './http'

export const QUEUE_WORKLOADS = ['TRAINING', 'FINE_TUNING', 'ONLINE_SERVICE', 'IDE', 'EVALUATION', 'DATA_PROCESSING'] as const
/** Quotas serve IDE and custom training only. */
export const QUOTA_WORKLOADS = ['IDE', 'TRAINING'] as const
/** 调度策略 of a quota: strict 先进先出 (the default) or best-effort FIFO, where a head that does not fit lets smaller work pass. */
export const SCHEDULING_POLICIES = ['FIFO', 'BEST_EFFORT_FIFO'] as const
export type SchedulingPolicy = (typeof SCHEDULING_POLICIES)[number]

export interface PoolResources {
  cards: number
  cpuCores: number
  memoryGiB: number
}

export interface Pool {
  id: string
  name: string
  description?: string | null
  clusterId: string
  clusterName?: string
  workloadTypes: string[]
  flavorName: string
  deviceModel?: string | null
  instanceCount: number
  status: 'RUNNING' | 'STOPPED' | string
  capacity: PoolResources
  allocated?: PoolResources
  runningTasks?: number
  queuedTasks?: number
  workspaceIds?: string[]
  createdAt?: string
  updatedAt?: string
  version?: number
}

export interface Queue extends Pool {
  isDefault?: boolean
}

export interface Quota extends Pool {
  weight: number
  borrowIdle: boolean
  exclusive: boolean
  schedulingPolicy: SchedulingPolicy
  maxBorrowableCards?: number
}

export interface QueueForm {
  clusterId: string
  name: string
  description: string
  workloadTypes: string[]
  flavorName: string
  instanceCount: number
  adminIds: string[]
  memberIds: string[]
}

export interface QuotaForm {
  clusterId: string
  name: string
  description: string
  workloadTypes: string[]
  flavorName: string
  instanceCount: number
  weight: number
  borrowIdle: boolean
  exclusive: boolean
  schedulingPolicy: SchedulingPolicy
  adminIds: string[]
  workspaceIds: string[]
}

export interface PoolUser {
  userId: string
  username?: string | null
  displayName?: string | null
  role: 'ADMIN' | 'MEMBER'
}

export interface Respec {
  workloadTypes?: string[]
  flavorName: string
  instanceCount: number
  /** quotas only */
  weight?: number
  borrowIdle?: boolean
  exclusive?: boolean
  schedulingPolicy?: SchedulingPolicy
  version?: number
}

function pools<T extends Pool>(base: string) {
  return {
    list: (q: ListQuery) => http.get<Page<T>>(`/${base}`, q),
    /** 编辑: name and description only; capacity changes go through respec (更配). */
    edit: (p: T, f: { name: string; description: string }) => http.put<T>(`/${base}/${p.id}`, { ...f, version: p.version }),
    start: (id: string) => http.post<T>(`/${base}/${id}/start`),
    stop: (id: string) => http.post<T>(`/${base}/${id}/stop`),
    respec: (id: string, f: Respec) => http.post<T>(`/${base}/${id}/respec`, f),
    remove: (id: string) => http.del<void>(`/${base}/${id}`),
    users: async (id: string) => itemsOf(await http.get<PoolUser[]>(`/${base}/${id}/users`)),
    setUsers: (id: string, users: { userId: string; role: 'ADMIN' | 'MEMBER' }[]) => http.put<PoolUser[]>(`/${base}/${id}/users`, users),
  }
}

export const queuesApi = {
  ...pools<Queue>('queues'),
  create: (f: QueueForm) => http.post<Queue>('/queues', f),
}

export const quotasApi = {
  ...pools<Quota>('quotas'),
  create: (f: QuotaForm) => http.post<Quota>('/quotas', f),
}
