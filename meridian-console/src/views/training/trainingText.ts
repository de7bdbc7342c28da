// Shared texts of the training pages: occupied resources of a task or run, and status tag colours.
import type { RunStatus, TrainingMode } from '@/api/training'

type T = (key: string, params?: Record<string, unknown>) => string

/** 占用资源: "Master 规格 × 1, Worker 规格 × n" for distributed modes, "规格 × 1" for single-node. */
export function resourcesText(t: T, mode: TrainingMode | undefined, flavor: string | undefined, nodes: number | undefined, ps = 0, evaluators = 0): string {
  const n = nodes ?? 1
  if (!flavor) return '-'
  if (mode === 'SINGLE' || n <= 1) return t('training.resSingle', { flavor, n })
  const lead = mode === 'PS' ? 'Chief' : 'Master'
  const text = t('training.resDistributed', { lead, flavor, workers: n - 1 })
  const withPs = ps > 0 ? `${text} ${t('training.resPs', { n: ps })}` : text
  return evaluators > 0 ? `${withPs} ${t('training.resEvaluator', { n: evaluators })}` : withPs
}

export function statusType(s: RunStatus | null | undefined): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (s) {
    case 'RUNNING':
      return 'primary'
    case 'SUCCEEDED':
      return 'success'
    case 'FAILED':
    case 'ABNORMAL':
      return 'danger'
    case 'QUEUED':
    case 'PREPARING':
    case 'CREATING':
    case 'RESTARTING':
    case 'STOPPING':
      return 'warning'
    default:
      return 'info'
  }
}
