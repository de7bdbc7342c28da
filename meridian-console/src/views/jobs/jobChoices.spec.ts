import { describe, expect, it } from 'vitest'
import type { WorkspaceResource } from '@/api/workspace'
import type { Flavor } from '@/api/resource'
import { clusterName, clustersOf, defaultCluster, defaultFlavor, defaultPool, poolFlavors } from './jobChoices'

const pools: WorkspaceResource[] = [
  { id: 'quota1', kind: 'QUOTA', name: 'team', clusterId: 'c2', clusterName: 'slurm', isDefault: false },
  { id: 'q1', kind: 'QUEUE', name: 'default', clusterId: 'c1', clusterName: 'local', isDefault: true, deviceModel: 'A800' },
  { id: 'q3', kind: 'QUEUE', name: 'big', clusterId: 'c3', isDefault: false, flavorName: '8C_64G_1*A800' },
  { id: 'q4', kind: 'QUEUE', name: 'big-2', clusterId: 'c3', isDefault: false },
]
const flavors: Flavor[] = [
  { name: '170C_1400G_8*A800', cpuCores: 170, memoryGiB: 1400, cards: 8, deviceModel: 'A800' },
  { name: 'CPU_2C-内存_8G', cpuCores: 2, memoryGiB: 8, cards: 0, deviceModel: null },
  { name: '14C_100G_1*A800', cpuCores: 14, memoryGiB: 100, cards: 1, deviceModel: 'A800' },
  { name: '8C_64G_1*A800', cpuCores: 8, memoryGiB: 64, cards: 1, deviceModel: 'A800' },
]

describe('job form choices', () => {
  it('offers each cluster of the pools once, by name when it has one', () => {
    expect(clustersOf(pools)).toEqual([
      { id: 'c2', name: 'slurm' },
      { id: 'c1', name: 'local' },
      { id: 'c3', name: 'c3' },
    ])
  })

  it('starts on the default queue and its cluster', () => {
    expect(defaultCluster(pools)).toBe('c1')
    expect(defaultPool(pools, 'c1')).toBe('q1')
    expect(defaultCluster([])).toBe('')
  })

  it('picks the only pool of a cluster, and none of several without a default', () => {
    expect(defaultPool(pools, 'c2')).toBe('quota1')
    expect(defaultPool(pools, 'c3')).toBe('')
    expect(defaultPool(pools, 'nowhere')).toBe('')
  })

  it('limits a pool with a flavor of its own to it, and starts there', () => {
    expect(poolFlavors(pools[2], flavors).map((f) => f.name)).toEqual(['8C_64G_1*A800'])
    expect(defaultFlavor(pools[2], flavors)).toBe('8C_64G_1*A800')
  })

  it('starts on the smallest flavor with the pool’s cards, else the smallest of all', () => {
    expect(poolFlavors(pools[1], flavors)).toHaveLength(4)
    expect(defaultFlavor(pools[1], flavors)).toBe('8C_64G_1*A800')
    expect(defaultFlavor(pools[3], flavors)).toBe('CPU_2C-内存_8G')
    expect(defaultFlavor(undefined, flavors)).toBe('')
  })

  it("names a job's cluster from the workspace's pools, else the top bar's clusters, else by its id", () => {
    const clusters = [
      { id: 'c1', name: 'renamed' },
      { id: 'c9', name: 'elsewhere' },
    ]
    expect(clusterName('c2', pools, clusters)).toBe('slurm')
    expect(clusterName('c1', pools, clusters)).toBe('local')
    expect(clusterName('c3', pools, clusters)).toBe('c3')
    expect(clusterName('c9', pools, clusters)).toBe('elsewhere')
    expect(clusterName('gone', pools, [])).toBe('gone')
  })
})
