// 训练任务 (server package training): task definitions, their runs (运行记录), logs and metrics.
import { download, http, request, type ListQuery, type Page } from './http'
import type { EnvVar, LogPage, LogQuery, RunStatus, StepProgress, WorkloadEvent, WorkloadInstance } from './workload'

export { RUN_STATUSES, TERMINAL, isActive, type EnvVar, type LogPage, type RunStatus } from './workload'

export type Framework = 'PYTORCH' | 'TENSORFLOW'
export type TrainingMode = 'SINGLE' | 'DDP' | 'DEEPSPEED' | 'PS'
/** the modes each framework supports (server TrainingFramework) */
export const FRAMEWORK_MODES: Record<Framework, TrainingMode[]> = { PYTORCH: ['DDP', 'SINGLE', 'DEEPSPEED'], TENSORFLOW: ['PS'] }

/** server limits (TaskService) */
export const TRAINING_LIMITS = {
  description: 128,
  env: 50,
  datasets: 10,
  models: 5,
  nodes: 64,
  nprocPerNode: 16,
  parameterServers: 8,
  evaluators: 1,
  maxRestarts: 10,
  command: 10_000,
  image: 255,
} as const

export interface FaultTolerance {
  enabled: boolean
  maxRestarts: number
  hangTimeoutSeconds: number
  /** 容错重启策略: ON_FAILURE retries every failure; EXIT_CODE fails exit codes 1-127 at once. */
  restartPolicy?: 'ON_FAILURE' | 'EXIT_CODE'
  /** 容错策略: JOB restarts the whole job; INSTANCE only the failed worker (单Pod重调度). */
  restartScope?: 'JOB' | 'INSTANCE'
}

/** TensorBoard 日志路径 (002 §4.6.4.1): each run writes into `<path>/<run id>`, passed as $MERIDIAN_TENSORBOARD_DIR */
export interface TensorBoard {
  enabled: boolean
  path: string | null
}
/** server TaskService: a container path strictly under /work/home */
export const TENSORBOARD_ROOT = '/work/home'
export const DEFAULT_TENSORBOARD_PATH = '/work/home/tensorboard'

export interface TensorBoardFile {
  name: string
  size: number
  modifiedAt: string
}
export interface TensorBoardListing {
  runId: string
  enabled: boolean
  path: string | null
  files: TensorBoardFile[]
  truncated: boolean
  limit: number
}

export interface TrainingTask {
  id: string
  workspaceId: string
  name: string
  description?: string | null
  framework: Framework
  mode: TrainingMode
  image: string
  command: string
  env: EnvVar[]
  datasets: string[]
  myModels: string[]
  presetModels: string[]
  codePackageId?: string | null
  clusterId: string
  poolId: string
  /** The workers' flavor, and that of every role without one of its own. */
  flavorName: string
  /** TensorFlow PS only: the parameter servers', chief's and evaluator's own flavors; empty runs them on flavorName. */
  psFlavorName?: string | null
  chiefFlavorName?: string | null
  evaluatorFlavorName?: string | null
  nodes: number
  nprocPerNode: number
  parameterServers: number
  /** TensorFlow PS only: 0 or 1 evaluator, outside the training cluster. */
  evaluators?: number
  faultTolerance: FaultTolerance
  tensorboard?: TensorBoard | null
  workingDir?: string
  outputDir?: string
  ownerId?: string
  runCount?: number | null
  createdAt?: string | null
  updatedAt?: string | null
  version?: number | null
}

export interface TaskForm {
  workspaceId: string
  name: string
  description: string
  framework: Framework
  mode: TrainingMode
  image: string
  command: string
  env: EnvVar[]
  datasets: string[]
  myModels: string[]
  presetModels: string[]
  codePackageId: string
  clusterId: string
  poolId: string
  flavorName: string
  /** TensorFlow PS only; empty = as the workers (flavorName). */
  psFlavorName: string
  chiefFlavorName: string
  evaluatorFlavorName: string
  nodes: number
  nprocPerNode: number
  parameterServers: number
  /** TensorFlow PS only: 0 or 1 evaluator, outside the training cluster. */
  evaluators?: number
  faultTolerance: FaultTolerance
  tensorboard: TensorBoard

}

export interface TrainingRun {
  id: string
  name: string
  taskId: string
  workspaceId: string
  status: RunStatus
  /** in the reader's language; statusReasonCode keeps its key for scripts */
  statusReason?: string | null
  statusReasonCode?: string | null
  attempt: number
  restarts: number
  framework?: Framework
  mode?: TrainingMode
  poolId?: string
  flavorName?: string
  psFlavorName?: string | null
  chiefFlavorName?: string | null
  evaluatorFlavorName?: string | null
  nodes?: number
  ownerId?: string
  startedBy?: string
  createdAt: string
  startedAt?: string | null
  finishedAt?: string | null
  durationSeconds?: number | null
  progress?: StepProgress | null
  version: number
}

export interface RunInstance extends WorkloadInstance {
  restartCount: number
}

export type RunEvent = WorkloadEvent

export interface RunDetail
  extends Omit<TrainingRun, 'framework' | 'mode' | 'poolId' | 'flavorName' | 'psFlavorName' | 'chiefFlavorName' | 'evaluatorFlavorName' | 'nodes'> {
  definition: TrainingTask
  instances: RunInstance[]
  timeline: RunEvent[]
}

export interface MetricPoint {
  step: number
  loss: number | null
  time: number
  values: Record<string, number>
}

export interface MetricSeries {
  instance: string
  name: string
  role: string
  attempt: number
  points: MetricPoint[]
}

export interface CodePackage {
  id: string
  name: string
  archiveFormat?: string
  sizeBytes?: number
  fileCount?: number
  mountPath?: string
  /** 启动文件名, relative to the package */
  entryFile?: string | null
  source?: 'PLATFORM_IMPORT'
  storageType?: 'PLATFORM_OBJECT_STORAGE'
  status?: 'AVAILABLE'
  createdAt?: string
  updatedAt?: string
}

/** 我的代码包: at most 5 files per upload, each (and an archive) at most 400 MB (001-B §2.4) */
export const CODE_PACKAGE_LIMITS = { files: 5, fileBytes: 400 * 1024 * 1024 }

// Resource monitoring of a run (GET /training-runs/{id}/monitoring, server MetricSeries)
/**
 * The metric groups of 001-A §6.7, in the server's Metric names. The first group is always shown; a later group only when
 * its first metric has samples (network throughput where the backend can attribute it, cards where the node has real
 * ones, the fine-grained GPU metrics where DCGM runs).
 */
export const RESOURCE_METRIC_GROUPS = {
  basic: ['CPU_UTILIZATION', 'CPU_USAGE', 'MEMORY_UTILIZATION', 'MEMORY_USAGE'],
  network: ['NETWORK_RECEIVE_THROUGHPUT', 'NETWORK_TRANSMIT_THROUGHPUT'],
  device: ['DEVICE_UTILIZATION', 'DEVICE_MEMORY_UTILIZATION', 'DEVICE_MEMORY_USAGE', 'DEVICE_TEMPERATURE', 'DEVICE_POWER', 'NPU_HEALTH'],
  fineGrained: [
    'GPU_SM_ACTIVE',
    'GPU_SM_OCCUPANCY',
    'GPU_TENSOR_PIPE_ACTIVE',
    'GPU_DRAM_ACTIVE',
    'GPU_GRAPHICS_ENGINE_ACTIVE',
    'GPU_FP64_PIPE_ACTIVE',
    'GPU_FP32_PIPE_ACTIVE',
    'GPU_FP16_PIPE_ACTIVE',
    'GPU_MEMORY_BANDWIDTH_UTILIZATION',
    'GPU_APP_SM_CLOCK',
    'GPU_APP_MEMORY_CLOCK',
    'GPU_PCIE_TRANSMIT',
    'GPU_PCIE_RECEIVE',
    'GPU_NVLINK_TRANSMIT',
    'GPU_NVLINK_RECEIVE',
  ],
} as const
export type ResourceMetricGroup = keyof typeof RESOURCE_METRIC_GROUPS
export type ResourceMetric = (typeof RESOURCE_METRIC_GROUPS)[ResourceMetricGroup][number]
export const MONITOR_STEPS = ['MINUTE', 'HOUR', 'DAY'] as const
export type MonitorStep = (typeof MONITOR_STEPS)[number]
/** The longest range each step may cover (server Step.maxSpan): minute ≤ 1 day, hour ≤ 7 days, day ≤ 31 days. */
export const STEP_MAX_SPAN_MS: Record<MonitorStep, number> = { MINUTE: 86_400_000, HOUR: 7 * 86_400_000, DAY: 31 * 86_400_000 }
export interface SeriesStatistics {
  max: number
  min: number
  avg: number
  median: number
  p75: number
}
export interface ResourceSeries {
  instanceId: string | null
  device: number | null
  points: { time: string; value: number }[]
  statistics: SeriesStatistics | null
}
export interface ResourceMonitoring {
  metric: string
  unit: 'PERCENT' | 'CORES' | 'BYTES' | 'BYTES_PER_SECOND' | 'CELSIUS' | 'WATTS' | 'STATE' | 'MEGAHERTZ' | 'RATIO' | null
  aggregation: string | null
  step: MonitorStep
  from: string
  to: string
  instances: ResourceSeries[]
  job: ResourceSeries | null
}

export const trainingApi = {
  tasks: (q: ListQuery) => http.get<Page<TrainingTask>>('/training-tasks', q),
  task: (id: string) => http.get<TrainingTask>(`/training-tasks/${id}`),
  create: (f: TaskForm) => http.post<TrainingTask>('/training-tasks', f),
  remove: (id: string) => http.del<void>(`/training-tasks/${id}`),
  copy: (id: string, name: string) => http.post<TrainingTask>(`/training-tasks/${id}/copy`, { name }),
  start: (id: string) => http.post<TrainingRun>(`/training-tasks/${id}/runs`),
  runs: (q: ListQuery) => http.get<Page<TrainingRun>>('/training-runs', q),
  run: (id: string) => http.get<RunDetail>(`/training-runs/${id}`),
  stop: (id: string) => http.post<TrainingRun>(`/training-runs/${id}/stop`),
  logs: (id: string, q: LogQuery) => http.get<LogPage>(`/training-runs/${id}/logs`, q),
  downloadLog: (id: string, instance?: string) => download(`/training-runs/${id}/logs/download`, { instance }),
  metrics: (id: string) => http.get<{ runId: string; series: MetricSeries[] }>(`/training-runs/${id}/metrics`),
  monitoring: (id: string, q: { metric: ResourceMetric; from?: string; to?: string; step?: MonitorStep }) =>
    http.get<ResourceMonitoring>(`/training-runs/${id}/monitoring`, q),
  tensorboard: (id: string) => http.get<TensorBoardListing>(`/training-runs/${id}/tensorboard`),
  downloadTensorBoardFile: (id: string, name: string) => download(`/training-runs/${id}/tensorboard/files`, { name }),
  codePackages: () => http.get<Page<CodePackage>>('/code-packages', { size: 100 }),
  /** POST /code-packages?name=: a zip or tar(.gz) archive as the raw body */
  uploadCodePackage: (name: string, archive: Blob, entryFile?: string) => http.upload<CodePackage>('/code-packages', { name, entryFile }, archive),
}

/** 我的代码包 (001-B §2.4): the page's list, uploads of files or an archive, re-upload, files, download, delete */
export const codePackagesApi = {
  list: (q: ListQuery) => http.get<Page<CodePackage>>('/code-packages', q),
  get: (id: string) => http.get<CodePackage>(`/code-packages/${id}`),
  files: (id: string) => http.get<{ name: string; sizeBytes: number }[]>(`/code-packages/${id}/files`),
  uploadFiles: (name: string, files: File[], entryFile?: string) => http.uploadFiles<CodePackage>('POST', '/code-packages', { name, entryFile }, files),
  uploadArchive: (name: string, archive: File, entryFile?: string) => http.upload<CodePackage>('/code-packages', { name, entryFile }, archive),
  reuploadFiles: (id: string, files: File[], entryFile?: string) => http.uploadFiles<CodePackage>('PUT', `/code-packages/${id}/content`, { entryFile }, files),
  reuploadArchive: (id: string, archive: File, entryFile?: string) =>
    request<CodePackage>('PUT', `/code-packages/${id}/content`, { query: { entryFile }, raw: archive }),
  download: (id: string) => download(`/code-packages/${id}/download`),
  remove: (id: string) => http.del<void>(`/code-packages/${id}`),
}
