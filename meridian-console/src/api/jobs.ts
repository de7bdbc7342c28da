// 作业 (server: the plain "job" workload type): a command on N instances of a flavor, without a framework, run by the
// same runtime as training. Statuses, instances, events and logs have training's shapes (./workload).
import { download, http, type ListQuery, type Page } from './http'
import type { EnvVar, LogPage, LogQuery, RunStatus, StepProgress, WorkloadEvent, WorkloadInstance } from './workload'

/** The client's checks, as for training tasks (TRAINING_LIMITS); the server has the last word and names the field. */
export const JOB_LIMITS = {
  description: 128,
  env: 50,
  nodes: 64,
  command: 10_000,
  image: 255,
} as const

export interface Job {
  id: string
  name: string
  description?: string | null
  workspaceId: string
  clusterId: string
  clusterName?: string | null
  poolId: string
  flavorName: string
  nodes: number
  image?: string | null
  command: string
  status: RunStatus
  /** in the reader's language; statusReasonCode keeps its key for scripts */
  statusReason?: string | null
  statusReasonCode?: string | null
  attempt: number
  createdAt: string
  startedAt?: string | null
  finishedAt?: string | null
  durationSeconds?: number | null
  progress?: StepProgress | null
  ownerId?: string
}

export interface JobDetail extends Job {
  instances: WorkloadInstance[]
  events: WorkloadEvent[]
}

export interface JobForm {
  workspaceId: string
  name: string
  description?: string
  clusterId: string
  poolId: string
  flavorName: string
  nodes: number
  /** empty: the server's default */
  image?: string
  command: string
  env: EnvVar[]
  codePackageId?: string
}

export const jobsApi = {
  list: (q: ListQuery) => http.get<Page<Job>>('/jobs', q),
  get: (id: string) => http.get<JobDetail>(`/jobs/${id}`),
  create: (f: JobForm) => http.post<Job>('/jobs', f),
  stop: (id: string) => http.post<Job>(`/jobs/${id}/stop`),
  remove: (id: string) => http.del<void>(`/jobs/${id}`),
  logs: (id: string, q: LogQuery) => http.get<LogPage>(`/jobs/${id}/logs`, q),
  downloadLog: (id: string, instance?: string) => download(`/jobs/${id}/logs/download`, { instance }),
}
