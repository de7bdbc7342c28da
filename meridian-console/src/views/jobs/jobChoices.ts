// What the job form offers and picks by itself, from the workspace's queues and quotas and a cluster's flavors; the
// same choices as `meridian submit job` makes without flags.
import type { WorkspaceResource } from '@/api/workspace'
import type { Flavor } from '@/api/resource'

/** The clusters the pools are on, each once, in the pools' order. */
export function clustersOf(pools: readonly WorkspaceResource[]): { id: string; name: string }[] {
  const seen = new Map<string, string>()
  for (const p of pools) if (p.clusterId && !seen.has(p.clusterId)) seen.set(p.clusterId, p.clusterName || p.clusterId)
  return [...seen].map(([id, name]) => ({ id, name }))
}

/** The cluster to start with: the default queue's (a default quota's when there is none), else the first pool's. */
export function defaultCluster(pools: readonly WorkspaceResource[]): string {
  const preferred = pools.find((p) => p.isDefault && p.kind === 'QUEUE') ?? pools.find((p) => p.isDefault) ?? pools[0]
  return preferred?.clusterId ?? ''
}

/** On a cluster: its default queue, else its default quota, else its only pool; none when the user must choose. */
export function defaultPool(pools: readonly WorkspaceResource[], clusterId: string): string {
  const on = pools.filter((p) => p.clusterId === clusterId)
  const chosen = on.find((p) => p.isDefault && p.kind === 'QUEUE') ?? on.find((p) => p.isDefault) ?? (on.length === 1 ? on[0] : undefined)
  return chosen?.id ?? ''
}

/** The flavors a pool may use: its own when it has one, else every flavor of its cluster. */
export function poolFlavors(pool: WorkspaceResource | undefined, flavors: readonly Flavor[]): Flavor[] {
  if (!pool) return []
  return pool.flavorName ? flavors.filter((f) => f.name === pool.flavorName) : [...flavors]
}

/**
 * The flavor to start with: the pool's own, else the smallest (fewest cards, then CPU cores, then memory, then by name)
 * of those with the pool's device model.
 */
export function defaultFlavor(pool: WorkspaceResource | undefined, flavors: readonly Flavor[]): string {
  if (!pool) return ''
  if (pool.flavorName) return pool.flavorName
  const model = pool.deviceModel
  const sorted = flavors
    .filter((f) => !model || f.deviceModel === model)
    .sort((a, b) => a.cards - b.cards || a.cpuCores - b.cpuCores || a.memoryGiB - b.memoryGiB || a.name.localeCompare(b.name))
  return sorted[0]?.name ?? ''
}

/**
 * A job's cluster as people know it: jobs carry only the cluster's id, so its name comes from the workspace's pools
 * (a job always ran on one of them), else from the clusters the top bar lists; the id when neither knows it.
 */
export function clusterName(clusterId: string, pools: readonly WorkspaceResource[], clusters: readonly { id: string; name: string }[]): string {
  return pools.find((p) => p.clusterId === clusterId && p.clusterName)?.clusterName ?? clusters.find((c) => c.id === clusterId)?.name ?? clusterId
}
