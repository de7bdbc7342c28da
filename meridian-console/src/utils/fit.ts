// The form's side of GangForms.fits (server): work that can never fit its queue or quota is refused before it is sent,
// with the same numbers; work that fits but finds too little free says it will wait. The server checks again.
import type { WorkspaceResource } from '@/api/workspace'
import type { Flavor } from '@/api/resource'

export interface FitVerdict {
  /** error: can never run in this pool; wait: fits, but not in what is free now */
  level: 'error' | 'wait'
  key: string
  params: Record<string, unknown>
}

export function fit(
  pool: WorkspaceResource | undefined,
  flavors: Flavor[],
  instancesByFlavor: Record<string, number>,
  kindName: string,
): FitVerdict | null {
  if (!pool?.capacity) return null
  const names = Object.keys(instancesByFlavor).filter((n) => n && instancesByFlavor[n] > 0)
  const instances = names.reduce((a, n) => a + instancesByFlavor[n], 0)
  const cap = pool.capacity
  if (pool.flavorName && !pool.isDefault && names.length === 1 && names[0] === pool.flavorName) {
    const flavor = flavors.find((f) => f.name === pool.flavorName)
    const per = flavor?.cards || flavor?.cpuCores || 0
    const held = per > 0 ? Math.floor((flavor!.cards ? cap.cards : cap.cpuCores) / per) : 0
    if (held > 0 && instances > held) return { level: 'error', key: 'firstHour.tooBig', params: { need: instances, kind: kindName, name: pool.name, have: held } }
  }
  let cards = 0
  for (const n of names) cards += (flavors.find((f) => f.name === n)?.cards ?? 0) * instancesByFlavor[n]
  // a pool that holds no cards (CPU-only, or a default queue on an empty cluster) is the server's to judge
  if (cap.cards > 0 && cards > cap.cards) {
    return { level: 'error', key: 'firstHour.tooBigCards', params: { instances, need: cards, kind: kindName, name: pool.name, have: cap.cards } }
  }
  const free = cap.cards - (pool.allocated?.cards ?? 0)
  if (cap.cards > 0 && cards > free) return { level: 'wait', key: 'firstHour.mustWait', params: { kind: kindName, name: pool.name, free, need: cards } }
  return null
}
