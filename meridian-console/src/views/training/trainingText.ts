// Shared texts of the training pages: occupied resources of a task or run, and status tag colours.
import type { TrainingTask } from '@/api/training'

export { statusType } from '@/components/workload/status'

type T = (key: string, params?: Record<string, unknown>) => string

/** What {@link resourcesText} reads of a task or of a run's definition. */
export type ResourcesOf = Pick<TrainingTask, 'mode' | 'flavorName' | 'psFlavorName' | 'chiefFlavorName' | 'evaluatorFlavorName' | 'nodes' | 'parameterServers' | 'evaluators'>

/**
 * 占用资源 (资源配置, spec × count): "Master 规格 × 1, Worker 规格 × n" for distributed modes, "规格 × 1" for single-node.
 * TensorFlow PS names each role's flavor: the chief, parameter servers and evaluator may have their own, else the workers'.
 */
export function resourcesText(t: T, task: Partial<ResourcesOf> | null | undefined): string {
  const flavor = task?.flavorName
  if (!task || !flavor) return '-'
  const n = task.nodes ?? 1
  const ps = task.parameterServers ?? 0
  const evaluators = task.evaluators ?? 0
  if (task.mode !== 'PS') {
    if (task.mode === 'SINGLE' || n <= 1) return t('training.resSingle', { flavor, n })
    return t('training.resDistributed', { lead: 'Master', leadFlavor: flavor, flavor, workers: n - 1 })
  }
  const chief = task.chiefFlavorName || flavor
  const parts = [n <= 1 ? t('training.resSingle', { flavor: chief, n }) : t('training.resDistributed', { lead: 'Chief', leadFlavor: chief, flavor, workers: n - 1 })]
  if (ps > 0) parts.push(t('training.resPs', { flavor: task.psFlavorName || flavor, n: ps }))
  if (evaluators > 0) parts.push(t('training.resEvaluator', { flavor: task.evaluatorFlavorName || flavor, n: evaluators }))
  return parts.join('　')
}
