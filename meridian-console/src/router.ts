import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { auth } from '@/api/http'
import { isAdmin, isIamAdmin, isOperator, loadMe, loadRegions, session } from '@/stores/session'
import ConsoleLayout from '@/layout/ConsoleLayout.vue'

/** Who may open a page: everyone signed in, admins (IAM + secondary), IAM admins only, or the platform operator. */
export type Audience = 'all' | 'admin' | 'iam' | 'operator'

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    audience?: Audience
    public?: boolean
  }
}

export function allowed(audience: Audience | undefined): boolean {
  switch (audience ?? 'all') {
    case 'admin':
      return isAdmin()
    case 'iam':
      return isIamAdmin()
    case 'operator':
      return isOperator()
    default:
      return true
  }
}

// Paths are lowercase kebab-case: the server forwards exactly such paths to index.html.
const pages: RouteRecordRaw[] = [
  { path: '', name: 'overview', component: () => import('@/views/overview/OverviewView.vue'), meta: { title: 'nav.overview' } },
  { path: 'users', name: 'users', component: () => import('@/views/users/UsersView.vue'), meta: { title: 'nav.users', audience: 'iam' } },
  { path: 'user-groups', name: 'groups', component: () => import('@/views/groups/GroupsView.vue'), meta: { title: 'nav.groups', audience: 'iam' } },
  { path: 'policies', name: 'policies', component: () => import('@/views/policies/PoliciesView.vue'), meta: { title: 'nav.policies', audience: 'iam' } },
  { path: 'access-keys', name: 'accessKeys', component: () => import('@/views/access-keys/AccessKeysView.vue'), meta: { title: 'nav.accessKeys' } },
  { path: 'workspaces', name: 'workspaces', component: () => import('@/views/workspaces/WorkspacesView.vue'), meta: { title: 'nav.workspaces' } },
  { path: 'workspaces/:id/config', name: 'workspaceConfig', component: () => import('@/views/workspaces/WorkspaceConfigView.vue'), meta: { title: 'workspaces.configTitle' }, props: true },
  { path: 'queues', name: 'queues', component: () => import('@/views/queues/QueuesView.vue'), meta: { title: 'nav.queues' } },
  { path: 'quotas', name: 'quotas', component: () => import('@/views/quotas/QuotasView.vue'), meta: { title: 'nav.quotas' } },
  { path: 'scheduling-center', name: 'schedulingCenter', component: () => import('@/views/scheduling/SchedulingCenterView.vue'), meta: { title: 'nav.schedulingCenter', audience: 'iam' } },
  { path: 'resource-overview', name: 'resourceOverview', component: () => import('@/views/scheduling/ResourceOverviewView.vue'), meta: { title: 'nav.resourceOverview', audience: 'iam' } },
  { path: 'settings', name: 'settings', component: () => import('@/views/settings/SettingsView.vue'), meta: { title: 'nav.settings', audience: 'iam' } },
  { path: 'audit', name: 'audit', component: () => import('@/views/audit/AuditView.vue'), meta: { title: 'nav.audit', audience: 'admin' } },
  { path: 'training-tasks', name: 'trainingTasks', component: () => import('@/views/training/TrainingTasksView.vue'), meta: { title: 'nav.trainingTasks' } },
  { path: 'training-tasks/create', name: 'trainingTaskCreate', component: () => import('@/views/training/TrainingTaskCreateView.vue'), meta: { title: 'training.createTitle' } },
  { path: 'training-tasks/:id', name: 'trainingTaskDetail', component: () => import('@/views/training/TrainingTaskDetailView.vue'), meta: { title: 'training.detailTitle' }, props: true },
  { path: 'datasets', name: 'datasets', component: () => import('@/views/dataset/DatasetsView.vue'), meta: { title: 'nav.datasets' } },
  { path: 'cleaning-tasks', name: 'cleaningTasks', component: () => import('@/views/cleaning/CleaningTasksView.vue'), meta: { title: 'nav.cleaning' } },
  { path: 'cleaning-tasks/create', name: 'cleaningTaskCreate', component: () => import('@/views/cleaning/CleaningCreateView.vue'), meta: { title: 'cleaning.createTitle' } },
  { path: 'cleaning-tasks/:id', name: 'cleaningTaskDetail', component: () => import('@/views/cleaning/CleaningDetailView.vue'), meta: { title: 'cleaning.detailTitle' }, props: true },
  { path: 'images', name: 'images', component: () => import('@/views/images/MyImagesView.vue'), meta: { title: 'nav.images' } },
  { path: 'code-packages', name: 'codePackages', component: () => import('@/views/code-packages/CodePackagesView.vue'), meta: { title: 'nav.codePackages' } },
  { path: 'jobs', name: 'jobs', component: () => import('@/views/jobs/JobsView.vue'), meta: { title: 'nav.jobs' } },
  { path: 'jobs/:id', name: 'jobDetail', component: () => import('@/views/jobs/JobDetailView.vue'), meta: { title: 'jobs.detailTitle' }, props: true },
  { path: 'regions', name: 'regions', component: () => import('@/views/regions/RegionsView.vue'), meta: { title: 'nav.regions' } },
  { path: 'clusters', name: 'clusters', component: () => import('@/views/clusters/ClustersView.vue'), meta: { title: 'nav.clusters' } },
  { path: 'nodes', name: 'nodes', component: () => import('@/views/nodes/NodesView.vue'), meta: { title: 'nav.nodes', audience: 'admin' } },
  { path: 'tenants', name: 'tenants', component: () => import('@/views/tenants/TenantsView.vue'), meta: { title: 'nav.tenants', audience: 'operator' } },
  { path: ':pathMatch(.*)*', name: 'notFound', component: () => import('@/views/NotFoundView.vue'), meta: { title: 'common.notFound' } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('@/views/login/LoginView.vue'), meta: { public: true } },
    { path: '/', component: ConsoleLayout, children: pages },
  ],
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!auth.token) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (!session.me) {
    try {
      await loadMe()
      await loadRegions()
    } catch {
      return { name: 'login' }
    }
  }
  if (!allowed(to.meta.audience)) return { name: 'overview' }
  return true
})
