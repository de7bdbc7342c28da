// Regions, clusters, catalog and nodes (server package resource).
import { http, itemsOf, type ListQuery, type Page } from './http'

export interface Zone {
  id: string
  name: string
}

export interface Region {
  id: string
  /** identifier-like name (lowercase, digits, hyphen) */
  name: string
  displayName?: string
  description?: string
  zones: Zone[]
  createdAt?: string
  version?: number
}

export type ClusterKind = 'DEFAULT' | 'DEDICATED'
export type GroupType = 'STANDARD' | 'EXTENDED'
/** backend ids as the server spells them */
export type Backend = 'local' | 'kubernetes' | 'slurm'

export interface Cluster {
  id: string
  name: string
  tenantId?: string | null
  regionId: string
  zoneId?: string | null
  kind: ClusterKind
  groupType: GroupType
  nodeTypes?: string[]
  vendor?: string | null
  backend: string
  backendAvailable: boolean
  backendMessage?: string | null
  description?: string | null
  status?: string
  placementPolicy?: string
  networkTopologyAffinity?: boolean
  nodeCount?: number
  /** nodes whose cards are declared, not on this host (the embedded default's) */
  virtualNodeCount?: number
  virtualCardCount?: number
  createdAt?: string
  version?: number
}

/** One type's resource-group quota: dedicated clusters of the type the tenant may hold in the region, holds, and may still create. */
export interface TypeQuota {
  type: GroupType
  limit: number
  used: number
  remaining: number
}

/** GET /clusters/quota?regionId= (own tenant) or /regions/{regionId}/cluster-quotas/{tenantId} (operator). */
export interface ClusterQuota {
  tenantId: string
  regionId: string
  quotas: TypeQuota[]
  /** true once the operator set it; the default is 10 of each type */
  custom: boolean
  updatedAt?: string | null
  version: number
}

export interface ClusterNode {
  id: string
  name: string
  /** the tenant whose dedicated node it is; null for the platform's (default) nodes */
  tenantId?: string | null
  regionId?: string
  zoneId?: string | null
  clusterId?: string | null
  clusterName?: string | null
  specId?: string
  deviceModel?: string | null
  vendor?: string | null
  deviceCount: number
  cpuCores?: number
  memoryGiB?: number
  allocatableCpuCores?: number
  allocatableMemoryGiB?: number
  status: string
  bindingStatus: string
  /** Why the platform cordoned the node (a node fault under a workload); null for an operator's cordon. */
  statusReason?: string | null
  source: 'CREATED' | 'ADOPTED' | string
  labels: Record<string, string>
  taints: string[]
  leafSwitch?: string | null
  /** true when the devices are declared capacity rather than detected hardware */
  virtualDevices?: boolean
  createdAt?: string
  version?: number
}

export interface NodeSpec {
  id: string
  category?: string
  deviceModel?: string | null
  vendor?: string | null
  deviceCount: number
  cpuCores: number
  memoryGiB: number
  flavors?: string[]
}

export interface Flavor {
  name: string
  cards: number
  cpuCores: number
  memoryGiB: number
  deviceModel?: string | null
  /** shared-card (eGPU) flavors: thousandths of each card and its card memory per virtual card; 0 for whole cards */
  sharedMilli?: number
  cardMemoryGiB?: number
}

/** A card model of a cluster that shared cards (eGPU, 001-A §5.9) can be cut from, with one physical card's amounts. */
export interface SharedCardModel {
  deviceModel: string
  vendor: string
  cardMemoryGiB: number
  /** the most virtual cards one instance may ask for: an instance's virtual cards go on distinct cards of one node */
  cardsPerNode: number
  cpuCoresPerCard: number
  memoryGiBPerCard: number
}

export interface BatchAnswer {
  action: string
  succeeded: number
  failed: number
  results: { nodeId: string; name: string; success: boolean; code?: string; message?: string }[]
}

export const regionsApi = {
  list: (q: ListQuery = { size: 200 }) => http.get<Page<Region>>('/regions', q),
  create: (f: { name: string; displayName: string; description: string; zones: string[] }) => http.post<Region>('/regions', f),
  /** zones (names, in order) replace the list: new names are added, missing ones removed */
  update: (id: string, f: { displayName: string; description: string; zones: string[]; version?: number }) => http.put<Region>(`/regions/${id}`, f),
  remove: (id: string) => http.del<void>(`/regions/${id}`),
}

export const clustersApi = {
  list: (q: ListQuery) => http.get<Page<Cluster>>('/clusters', q),
  create: (f: { name: string; regionId: string; kind: ClusterKind; groupType: GroupType; backend: Backend; description: string }) =>
    http.post<Cluster>('/clusters', f),
  /** absent fields keep their value */
  update: (id: string, f: { name: string; description: string; placementPolicy?: string; networkTopologyAffinity?: boolean; version?: number }) =>
    http.put<Cluster>(`/clusters/${id}`, f),
  remove: (id: string) => http.del<void>(`/clusters/${id}`),
  /** the caller's tenant's resource-group quota in the region (admins) */
  quota: (regionId: string) => http.get<ClusterQuota>('/clusters/quota', { regionId }),
  /** any tenant's quota (operator) */
  tenantQuota: (regionId: string, tenantId: string) => http.get<ClusterQuota>(`/regions/${regionId}/cluster-quotas/${tenantId}`),
  /** limits 1..50; a first change needs no version */
  setTenantQuota: (regionId: string, tenantId: string, q: { standard: number; extended: number; version?: number }) =>
    http.put<ClusterQuota>(`/regions/${regionId}/cluster-quotas/${tenantId}`, q),
}

export const catalogApi = {
  nodeSpecs: async () => itemsOf(await http.get<Page<NodeSpec>>('/node-specs', { size: 200 })),
  flavors: async (clusterId: string) => itemsOf(await http.get<Flavor[]>('/flavors', { clusterId })),
  /** the NVIDIA models of the cluster for 自定义分配; empty on other clusters */
  sharedCards: (clusterId: string) => http.get<SharedCardModel[]>('/flavors/shared-cards', { clusterId }),
}

export const nodesApi = {
  list: (q: ListQuery) => http.get<Page<ClusterNode>>('/nodes', q),
  get: (id: string) => http.get<ClusterNode>(`/nodes/${id}`),
  /** 新增节点: new nodes in a cluster, one per name */
  create: (f: { clusterId: string; specId: string; names: string[]; leafSwitch?: string }) => http.post<unknown>('/nodes', f),
  /** 纳管节点: bring machines Meridian does not know yet into a cluster */
  adopt: (f: { clusterId: string; nodeIds?: string[]; machines?: { name: string; specId: string; leafSwitch?: string }[] }) =>
    http.post<unknown>('/nodes/adopt', f),
  bind: (n: ClusterNode, clusterId: string) => http.post<ClusterNode>(`/nodes/${n.id}/bind`, { clusterId, version: n.version }),
  unbind: (n: ClusterNode) => http.post<ClusterNode>(`/nodes/${n.id}/unbind`, { version: n.version }),
  remove: (id: string) => http.del<void>(`/nodes/${id}`),
  cordon: (n: ClusterNode) => http.post<ClusterNode>(`/nodes/${n.id}/cordon`, { version: n.version }),
  uncordon: (n: ClusterNode) => http.post<ClusterNode>(`/nodes/${n.id}/uncordon`, { version: n.version }),
  setLabels: (n: ClusterNode, labels: Record<string, string>) => http.put<ClusterNode>(`/nodes/${n.id}/labels`, { labels, version: n.version }),
  /** taints as `key=value:Effect` strings */
  setTaints: (n: ClusterNode, taints: string[]) => http.put<ClusterNode>(`/nodes/${n.id}/taints`, { taints, version: n.version }),
  batch: (f: { action: 'BIND' | 'UNBIND' | 'REMOVE'; nodeIds: string[]; clusterId?: string }) => http.post<BatchAnswer>('/nodes/batch', f),
}

/** A preset image (预置镜像, GET /images): one of Meridian's Python environments and the image references that select it. */
export interface PresetImage {
  name: string
  version: string
  framework: string
  tags: string[]
  images: string[]
  description: Record<string, string>
  installed: boolean
}
/** The CLI's `submit --image` default (SubmitCommand.DEFAULT_IMAGE): the form preselects it too. */
export const DEFAULT_IMAGE = 'pytorch/pytorch:latest'
export const imagesApi = {
  list: async () => itemsOf(await http.get<Page<PresetImage>>('/images', { size: 100 })),
}
