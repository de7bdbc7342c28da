// What every workload type shares, as the server's runtime answers it: the run status, a gang's instances, its events
// and its instances' logs. Training runs and plain jobs both use these; a later workload type does too.

export const RUN_STATUSES = ['CREATING', 'QUEUED', 'PREPARING', 'RUNNING', 'RESTARTING', 'SUCCEEDED', 'FAILED', 'STOPPING', 'STOPPED', 'ABNORMAL'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]
export const TERMINAL: RunStatus[] = ['SUCCEEDED', 'FAILED', 'STOPPED', 'ABNORMAL']
export const isActive = (s: RunStatus | null | undefined) => !!s && !TERMINAL.includes(s)

/** An environment variable of a workload's command. */
export interface EnvVar {
  name: string
  value: string
}

/** One instance (one process group on one node) of a gang, of one attempt. */
export interface WorkloadInstance {
  id: string
  name: string
  role: string
  index: number
  attempt: number
  node?: string | null
  devices?: string | null
  state?: string | null
  exitCode?: number | null
  reason?: string | null
  /** Whose fault a failure was: INSTANCE (the program), NODE (the node under it) or HANG; training answers it. */
  faultDomain?: string | null
  startedAt?: string | null
  finishedAt?: string | null
}

/** A run's steps as its coordinator reports them; totalSteps, percent and etaSeconds only when it reports total_steps. */
export interface StepProgress {
  step: number
  totalSteps?: number | null
  percent?: number | null
  etaSeconds?: number | null
}

export interface WorkloadEvent {
  at: string
  kind: string
  fromStatus?: RunStatus | null
  toStatus?: RunStatus | null
  /** the message's key, for scripts (runtime.event.admitted); null for text shown as recorded */
  code?: string | null
  /** in the reader's language */
  message?: string | null
}

export interface LogPage {
  instance: string
  lines: { time: string; text: string }[]
  nextOffset: number | null
}

/** A tail (offset, maxBytes) or a search (q, from, to, limit) of one instance's log; a type, so that it is a query's record. */
export type LogQuery = {
  instance?: string
  offset?: number
  maxBytes?: number
  q?: string
  from?: string
  to?: string
  limit?: number
}

/** Where a workload's logs come from: `GET {collection}/{id}/logs` and its download, the same for every type. */
export interface LogSource {
  logs: (id: string, q: LogQuery) => Promise<LogPage>
  downloadLog: (id: string, instance?: string) => Promise<{ blob: Blob; filename: string | null }>
}
