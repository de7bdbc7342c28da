// 数据清洗 (server: /cleaning-tasks): cleaning tasks over published instruction-tuning datasets. Each start is a run of
// the shared runtime, so run statuses, instances, events and logs have training's shapes (./workload).
import { download, http, type ListQuery, type Page } from './http'
import type { LogPage, LogQuery, LogSource, RunStatus, WorkloadEvent, WorkloadInstance } from './workload'

export const CLEANING_STATUSES = ['QUEUED', 'RUNNING', 'STOPPING', 'SUCCEEDED', 'FAILED', 'STOPPED'] as const
export type CleaningStatus = (typeof CLEANING_STATUSES)[number]
export const CLEANING_FIELDS = ['instruction', 'input', 'output'] as const

/** The spec's operator types (算子类型) and their config items, each one engine operator, in the order they run. */
export const OPERATOR_GROUPS = [
  { key: 'SENSITIVE_INFORMATION', operators: ['clean_email_mapper', 'clean_id_card_mapper', 'clean_phone_mapper'] },
  {
    key: 'INVALID_CHARACTERS',
    operators: ['clean_html_mapper', 'clean_links_mapper', 'clean_ip_mapper', 'clean_copyright_mapper', 'remove_bibliography_mapper', 'remove_comments_mapper'],
  },
  { key: 'LENGTH_FILTER', operators: ['text_length_filter'] },
  { key: 'DEDUPLICATION', operators: ['document_deduplicator', 'document_minhash_deduplicator'] },
] as const
export type OperatorGroup = (typeof OPERATOR_GROUPS)[number]['key']
/** The engine's order (HTML first, links before e-mail and IP addresses), which the server applies too. */
export const OPERATOR_ORDER = [
  'clean_html_mapper',
  'clean_links_mapper',
  'clean_email_mapper',
  'clean_ip_mapper',
  'clean_id_card_mapper',
  'clean_phone_mapper',
  'clean_copyright_mapper',
  'remove_bibliography_mapper',
  'remove_comments_mapper',
  'text_length_filter',
  'document_deduplicator',
  'document_minhash_deduplicator',
]

export interface CleaningOperator {
  name: string
  group?: OperatorGroup
  minLength?: number | null
  maxLength?: number | null
  jaccardThreshold?: number | null
}

export interface CleaningTask {
  id: string
  name: string
  workspaceId: string
  status: CleaningStatus
  inputDatasetId: string
  inputDatasetName: string
  inputDatasetVersion: string
  outputDatasetId: string
  outputDatasetName: string
  fields: string[]
  operators: CleaningOperator[]
  clusterId: string
  poolId: string
  flavorName: string
  masters: number
  workers: number
  latestRunId?: string | null
  ownerId: string
  createdAt: string
  updatedAt: string
}

/** 运行记录: one start of the task. */
export interface CleaningRun {
  id: string
  status: RunStatus
  statusReason?: string | null
  createdAt: string
  startedAt?: string | null
  finishedAt?: string | null
}

export interface CleaningDetail {
  task: CleaningTask
  runs: CleaningRun[]
}

export interface CleaningRunDetail {
  run: CleaningRun
  instances: WorkloadInstance[]
  events: WorkloadEvent[]
}

export interface CleaningForm {
  workspaceId: string
  name: string
  inputDatasetId: string
  fields: string[]
  operators: CleaningOperator[]
  clusterId: string
  poolId: string
  /** empty: the server's 8C 16G default */
  flavorName?: string
  masters: number
  workers: number
}

export interface OperatorPreview {
  name: string
  before: string
  after: string
}

export const cleaningApi = {
  list: (q: ListQuery) => http.get<Page<CleaningTask>>('/cleaning-tasks', q),
  get: (id: string) => http.get<CleaningDetail>(`/cleaning-tasks/${id}`),
  create: (f: CleaningForm) => http.post<CleaningTask>('/cleaning-tasks', f),
  copy: (id: string) => http.post<CleaningTask>(`/cleaning-tasks/${id}/copy`),
  restart: (id: string) => http.post<CleaningTask>(`/cleaning-tasks/${id}/restart`),
  stop: (id: string) => http.post<CleaningTask>(`/cleaning-tasks/${id}/stop`),
  remove: (id: string) => http.del<void>(`/cleaning-tasks/${id}`),
  preview: (operators: CleaningOperator[], text: string) => http.post<OperatorPreview[]>('/cleaning-tasks/preview', { operators, text }),
  run: (id: string, runId: string) => http.get<CleaningRunDetail>(`/cleaning-tasks/${id}/runs/${runId}`),
  /** The log source of one run, for InstanceLog (which names the task by id). */
  logSource: (runId: string): LogSource => ({
    logs: (id: string, q: LogQuery) => http.get<LogPage>(`/cleaning-tasks/${id}/logs`, { ...q, runId }),
    downloadLog: (id: string, instance?: string) => download(`/cleaning-tasks/${id}/logs/download`, { runId, instance }),
  }),
}

export function isActiveCleaning(status: CleaningStatus | null | undefined): boolean {
  return status === 'QUEUED' || status === 'RUNNING' || status === 'STOPPING'
}
