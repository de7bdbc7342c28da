// Which instances are a workload's current ones: the newest attempt of each slot (worker-0 …). An instance restarted
// alone is newer than the rest, so "the newest attempt overall" would hide the instances that kept running.
import type { WorkloadInstance } from '@/api/workload'

export function currentInstances<I extends WorkloadInstance>(instances: readonly I[]): I[] {
  const newest = new Map<string, I>()
  for (const i of instances) {
    const seen = newest.get(i.name)
    if (!seen || i.attempt > seen.attempt) newest.set(i.name, i)
  }
  return [...newest.values()]
}
