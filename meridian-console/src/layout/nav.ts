// The left navigation. Only modules that exist are listed; entries the caller may not use are hidden.
import type { Audience } from '@/router'

export interface NavItem {
  route: string
  label: string
  audience?: Audience
}

export interface NavGroup {
  key: string
  label: string
  icon: string
  audience?: Audience
  items: NavItem[]
}

export const NAV: (NavItem | NavGroup)[] = [
  { route: 'overview', label: 'nav.overview' },
  {
    key: 'assets',
    label: 'nav.assets',
    icon: 'assets',
    items: [
      { route: 'datasets', label: 'nav.datasets' },
      { route: 'images', label: 'nav.images' },
      { route: 'codePackages', label: 'nav.codePackages' },
    ],
  },
  {
    key: 'dataTools',
    label: 'nav.dataTools',
    icon: 'dataTools',
    items: [{ route: 'cleaningTasks', label: 'nav.cleaning' }],
  },
  {
    key: 'modelCustomization',
    label: 'nav.modelCustomization',
    icon: 'model',
    items: [
      { route: 'trainingTasks', label: 'nav.trainingTasks' },
      { route: 'jobs', label: 'nav.jobs' },
    ],
  },
  {
    key: 'management',
    label: 'nav.management',
    icon: 'management',
    items: [
      { route: 'users', label: 'nav.users', audience: 'iam' },
      { route: 'groups', label: 'nav.groups', audience: 'iam' },
      { route: 'policies', label: 'nav.policies', audience: 'iam' },
      { route: 'accessKeys', label: 'nav.accessKeys' },
      { route: 'workspaces', label: 'nav.workspaces' },
      { route: 'queues', label: 'nav.queues' },
      { route: 'quotas', label: 'nav.quotas' },
      { route: 'schedulingCenter', label: 'nav.schedulingCenter', audience: 'iam' },
      { route: 'resourceOverview', label: 'nav.resourceOverview', audience: 'iam' },
      { route: 'settings', label: 'nav.settings', audience: 'iam' },
      { route: 'audit', label: 'nav.audit', audience: 'admin' },
    ],
  },
  {
    key: 'resources',
    label: 'nav.resources',
    icon: 'resources',
    items: [
      { route: 'regions', label: 'nav.regions' },
      { route: 'clusters', label: 'nav.clusters' },
      { route: 'nodes', label: 'nav.nodes', audience: 'admin' },
    ],
  },
  {
    key: 'operations',
    label: 'nav.operations',
    icon: 'operations',
    audience: 'operator',
    items: [{ route: 'tenants', label: 'nav.tenants', audience: 'operator' }],
  },
]
