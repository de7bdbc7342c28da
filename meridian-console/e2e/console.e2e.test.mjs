// End-to-end test of the console in a real browser (Debian's Chromium driven by playwright-core).
// Env: MERIDIAN_BASE_URL (server serving the console and /api), MERIDIAN_ADMIN_USER, MERIDIAN_ADMIN_PASSWORD.
// Run: npm run test:e2e   (or: node --test e2e/). Screenshots go to test-results/.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD as PASSWORD, ADMIN_USER as USER, BASE, openBrowser, screenshot, apiCall } from './browser.mjs'

const suffix = `${Date.now() % 1_000_000}`

let browser
let page

before(async () => {
  ;({ browser, page } = await openBrowser())
})

after(async () => {
  await browser?.close()
})

const shot = (name) => screenshot(page, name)
const nav = () => page.getByTestId('side-nav')

async function go(path) {
  await page.goto(`${BASE}${path}`)
  await nav().waitFor()
  await page.waitForLoadState('networkidle')
}

async function setLang(label) {
  await page.getByTestId('lang-switch').getByText(label, { exact: true }).click()
}

/** Opens an Element Plus select (its popper-class given) and clicks the option with the given text, or the first. */
async function pick(select, popperClass, text) {
  await select.click()
  const options = page.locator(`.${popperClass} .el-select-dropdown__item:not(.is-disabled)`)
  await options.first().waitFor()
  await (text ? options.filter({ hasText: text }).first() : options.first()).click()
}

/** Calls the API with the console's session token (setup that has no form of its own in this test). */
const api = (method, path, body) => apiCall(page, method, path, body)

test('logs in as the admin', async () => {
  await page.goto(`${BASE}/login`)
  await page.getByTestId('lang-switch').waitFor()
  await shot('zh-login')
  await page.getByTestId('login-username').fill(USER)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await nav().waitFor()
  await page.waitForLoadState('networkidle')
  const me = await api('GET', '/me')
  assert.equal(me.username, USER)
  assert.ok((await page.getByTestId('user-menu').innerText()).includes(me.displayName || me.username))
  await shot('zh-overview-after-login')
})

test('switches the language between 中文 and English', async () => {
  await go('/')
  await setLang('中文')
  await nav().getByText('概览', { exact: true }).waitFor()
  await nav().getByText('管理中心').waitFor()
  await setLang('English')
  await nav().getByText('Overview', { exact: true }).waitFor()
  await nav().getByText('Management center').waitFor()
  assert.equal(await nav().getByText('概览', { exact: true }).count(), 0)
  assert.equal(await page.evaluate(() => localStorage.getItem('meridian.lang')), 'en')
  await setLang('中文')
  await nav().getByText('概览', { exact: true }).waitFor()
})

test('creates a workspace through the form and sees it listed', async () => {
  const name = `e2e_ws_${suffix}`
  await go('/workspaces')
  await page.getByTestId('workspace-create').click()
  const dialog = page.getByTestId('workspace-dialog')
  await dialog.getByTestId('workspace-name').fill(name)
  await dialog.getByTestId('workspace-description').fill('created by the browser test')
  await dialog.getByTestId('workspace-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('workspace-table').getByText(name, { exact: true }).waitFor()
  await shot('zh-workspaces')
})

test('a server field error (duplicate name) is shown next to the field', async () => {
  const name = `e2e_ws_${suffix}`
  await go('/workspaces')
  await page.getByTestId('workspace-create').click()
  const dialog = page.getByTestId('workspace-dialog')
  await dialog.getByTestId('workspace-name').fill(name)
  await dialog.getByTestId('workspace-submit').click()
  // the client rules pass; the server refuses the taken name with an errors[] entry for "name"
  await dialog.locator('.el-form-item__error').first().waitFor()
  assert.ok(await dialog.isVisible(), 'the dialog stays open')
  await shot('zh-workspace-duplicate')
  await dialog.getByRole('button', { name: '取消' }).click()
  await dialog.waitFor({ state: 'hidden' })
  const all = await api('GET', '/workspaces?size=200')
  assert.equal(all.items.filter((w) => w.name === name).length, 1)
})

test('a form rule violation is shown inline and nothing is created', async () => {
  const bad = `9bad_${suffix}`
  await go('/workspaces')
  await page.getByTestId('workspace-create').click()
  const dialog = page.getByTestId('workspace-dialog')
  await dialog.getByTestId('workspace-name').fill(bad)
  let posted = false
  const onRequest = (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/v1/workspaces')) posted = true
  }
  page.on('request', onRequest)
  await dialog.getByTestId('workspace-submit').click()
  const error = dialog.locator('.el-form-item__error')
  await error.first().waitFor()
  assert.match(await error.first().innerText(), /以字母或中文开头/)
  assert.ok(await dialog.isVisible(), 'the dialog stays open')
  await shot('zh-workspace-invalid')
  await dialog.getByRole('button', { name: '取消' }).click()
  await dialog.waitFor({ state: 'hidden' })
  // the rule message follows the language
  await setLang('English')
  await page.getByTestId('workspace-create').click()
  await dialog.getByTestId('workspace-name').fill(bad)
  await dialog.getByTestId('workspace-submit').click()
  await dialog.locator('.el-form-item__error', { hasText: 'starting with a letter' }).waitFor()
  await shot('en-workspace-invalid')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await setLang('中文')
  page.off('request', onRequest)
  assert.equal(posted, false, 'the invalid form must not be submitted')
  const all = await api('GET', '/workspaces?size=200')
  assert.equal(all.items.filter((w) => w.name === bad).length, 0)
})

test('creates a queue through the form and sees it listed', async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-queue').catch(() => {})
  })
  // New queues live in dedicated clusters (the default cluster has only the default queue): make one with a node.
  const regionId = (await api('GET', '/regions?size=200')).items[0].id
  const cluster = await api('POST', '/clusters', { name: `e2e_${suffix}`, kind: 'DEDICATED', regionId, groupType: 'STANDARD', backend: 'local' })
  const specs = (await api('GET', '/node-specs?size=200')).items
  const spec = specs.find((s) => s.deviceCount > 0 && (!cluster.vendor || s.vendor === cluster.vendor) && (!cluster.nodeTypes || cluster.nodeTypes.includes(s.category)))
  assert.ok(spec, 'a node specification with devices that fits the new cluster')
  await api('POST', '/nodes', { clusterId: cluster.id, specId: spec.id, names: [`e2e-node-${suffix}`] })

  const name = `e2e-queue-${suffix}`
  await go('/queues')
  await pick(page.getByTestId('cluster-switcher'), 'cluster-switcher-popper', cluster.name)
  const create = page.getByTestId('queue-create')
  await page.waitForFunction(() => !document.querySelector('[data-testid=queue-create]')?.classList.contains('is-disabled'))
  await create.click()
  const dialog = page.getByTestId('queue-dialog')
  await dialog.getByTestId('queue-name').fill(name)
  const closeDropdown = () => dialog.locator('.el-dialog__title').click()
  await pick(dialog.getByTestId('queue-workloads'), 'queue-workloads-popper')
  await closeDropdown()
  await pick(dialog.getByTestId('queue-flavor'), 'queue-flavor-popper')
  // the creator is preselected as the queue's administrator
  assert.ok((await dialog.getByTestId('queue-admins').innerText()).length > 0, 'an administrator is preselected')
  await dialog.getByTestId('queue-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('queue-table').getByText(name, { exact: true }).waitFor()
  await shot('zh-queues')
})

/** Shared by the journeys below: the dedicated cluster and node the queue journey made. */
async function dedicated() {
  const cluster = (await api('GET', '/clusters?size=200')).items.find((c) => c.name === `e2e_${suffix}`)
  assert.ok(cluster, 'the queue journey made a dedicated cluster')
  const node = (await api('GET', `/nodes?clusterId=${cluster.id}&size=50`)).items.find((n) => n.name === `e2e-node-${suffix}`)
  assert.ok(node, 'and a node in it')
  return { cluster, node }
}

/** Chooses a cluster in the top bar by name. */
async function useCluster(name) {
  await pick(page.getByTestId('cluster-switcher'), 'cluster-switcher-popper', name)
  await page.waitForLoadState('networkidle')
}

test('the overview shows the server counts and marks virtual cards', async () => {
  const counts = await api('GET', '/overview')
  await go('/')
  for (const k of ['workspaces', 'users', 'clusters', 'schedulableNodes', 'cards', 'queues', 'quotas']) {
    const text = await page.getByTestId(`count-${k}`).innerText()
    assert.ok(text.includes(String(counts[k])), `${k}: ${text} shows ${counts[k]}`)
  }
  // the embedded default's cards are declared capacity
  assert.equal(await page.getByTestId('cards-virtual').count(), counts.virtualCards > 0 ? 1 : 0)
  await shot('zh-overview-counts')
})

test('editing a workspace description persists; deleting a workspace removes it; the default one cannot be deleted', async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-workspace-edit').catch(() => {})
  })
  const name = `e2e_ws_${suffix}`
  await go('/workspaces')
  await page.getByTestId(`workspace-edit-${name}`).click()
  const dialog = page.getByTestId('workspace-dialog')
  await dialog.getByTestId('workspace-description').fill(`edited by the browser test ${suffix}`)
  await dialog.getByTestId('workspace-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('workspace-table').getByText(`edited by the browser test ${suffix}`).waitFor()
  const edited = (await api('GET', `/workspaces?q=${name}&size=50`)).items.find((w) => w.name === name)
  assert.equal(edited.description, `edited by the browser test ${suffix}`)

  const doomed = await api('POST', '/workspaces', { name: `e2e_del_${suffix}`, description: '' })
  await go('/workspaces')
  assert.ok(await page.getByTestId('workspace-delete-default').isDisabled(), 'the default workspace cannot be deleted')
  await page.getByTestId(`workspace-delete-${doomed.name}`).click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await page.getByTestId('workspace-table').getByText(doomed.name, { exact: true }).waitFor({ state: 'detached' })
  const all = await api('GET', '/workspaces?size=200')
  assert.equal(all.items.filter((w) => w.id === doomed.id).length, 0)
})

test('editing a cluster description persists', async () => {
  const { cluster } = await dedicated()
  await go('/clusters')
  // The shared test server holds many clusters: find this one by name, as a user would.
  await page.getByTestId('cluster-search').fill(cluster.name)
  await page.getByTestId('cluster-search').press('Enter')
  await page.getByTestId(`cluster-edit-${cluster.name}`).click()
  const dialog = page.getByTestId('cluster-edit-dialog')
  await dialog.getByTestId('cluster-edit-description').fill(`edited cluster ${suffix}`)
  await dialog.getByTestId('cluster-edit-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('cluster-table').getByText(`edited cluster ${suffix}`).waitFor()
  assert.equal((await api('GET', `/clusters/${cluster.id}`)).description, `edited cluster ${suffix}`)
})

test('the cluster list shows how many resource groups the tenant may still create', async () => {
  await go('/clusters')
  const regionId = await page.evaluate(() => localStorage.getItem('meridian.region'))
  const quota = await api('GET', `/clusters/quota?regionId=${regionId}`)
  for (const q of quota.quotas) {
    const shown = page.getByTestId(`cluster-quota-${q.type}`)
    await shown.waitFor()
    assert.match(await shown.textContent(), new RegExp(`(您还可以创建${q.remaining}个|You can create ${q.remaining} more)`))
  }
})

test('node labels and taints are edited in place, and a node is cordoned and uncordoned', async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-node-tags').catch(() => {})
  })
  const { node } = await dedicated()
  await go('/nodes')
  await page.getByTestId('node-search').fill(node.name)
  await page.getByTestId('node-search').press('Enter')
  const more = () => page.getByTestId(`node-more-${node.name}`)
  await more().click()
  await page.getByTestId(`node-labels-${node.name}`).click()
  let dialog = page.getByTestId('node-tags-dialog')
  await dialog.getByTestId('tag-add').click()
  await dialog.getByTestId('tag-key-0').fill('bad key')
  await dialog.getByTestId('tag-submit').click()
  await dialog.locator('.el-form-item__error').first().waitFor() // the Kubernetes rule, before any request
  await dialog.getByTestId('tag-key-0').fill('meridian.io/pool')
  await dialog.getByTestId('tag-value-0').fill('e2e')
  await dialog.getByTestId('tag-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  assert.deepEqual((await api('GET', `/nodes/${node.id}`)).labels, { 'meridian.io/pool': 'e2e' })

  await more().click()
  await page.getByTestId(`node-taints-${node.name}`).click()
  dialog = page.getByTestId('node-tags-dialog')
  await dialog.getByTestId('tag-add').click()
  await dialog.getByTestId('tag-key-0').fill('maintenance')
  await dialog.getByTestId('tag-value-0').fill('yes')
  await dialog.getByTestId('tag-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  assert.deepEqual((await api('GET', `/nodes/${node.id}`)).taints, ['maintenance=yes:NoSchedule'])
  await page.getByText('maintenance=yes:NoSchedule').first().waitFor()
  await shot('zh-nodes-tags')

  await more().click()
  await page.getByTestId(`node-cordon-${node.name}`).click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await page.waitForFunction(async (id) => {
    const r = await fetch(`/api/v1/nodes/${id}`, { headers: { Authorization: `Bearer ${localStorage.getItem('meridian.token')}` } })
    return (await r.json()).status === 'CORDONED'
  }, node.id)
  await more().click()
  await page.getByTestId(`node-cordon-${node.name}`).getByText('解除封锁').waitFor()
  await page.getByTestId(`node-cordon-${node.name}`).click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await page.waitForFunction(async (id) => {
    const r = await fetch(`/api/v1/nodes/${id}`, { headers: { Authorization: `Bearer ${localStorage.getItem('meridian.token')}` } })
    return (await r.json()).status === 'READY'
  }, node.id)
  await api('PUT', `/nodes/${node.id}/taints`, { taints: [], version: (await api('GET', `/nodes/${node.id}`)).version })
})

test('a stopped quota is re-specced with a new weight, idle borrowing, exclusivity and scheduling policy', async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-quota-respec').catch(() => {})
  })
  const { cluster } = await dedicated()
  const me = await api('GET', '/me')
  const ws = (await api('GET', '/workspaces?size=200')).items.find((w) => w.name === `e2e_ws_${suffix}`)
  const flavor = (await api('GET', `/flavors?clusterId=${cluster.id}`)).items.find((f) => [1, 2, 4, 8].includes(f.cards))
  assert.ok(flavor, 'a quota flavor in the dedicated cluster')
  const quota = await api('POST', '/quotas', {
    clusterId: cluster.id, name: `e2e-quota-${suffix}`, workloadTypes: ['TRAINING'], flavorName: flavor.name, instanceCount: 1,
    weight: 3, borrowIdle: false, exclusive: true, schedulingPolicy: 'FIFO', adminIds: [me.id], workspaceIds: [ws.id],
  })
  if (quota.status !== 'STOPPED') await api('POST', `/quotas/${quota.id}/stop`)
  await go('/quotas')
  await useCluster(cluster.name)
  await page.getByTestId(`quota-respec-${quota.name}`).click()
  const dialog = page.getByTestId('respec-dialog')
  await dialog.getByTestId('respec-weight').locator('input').fill('7')
  await dialog.getByTestId('respec-borrow').click()
  await dialog.getByTestId('respec-exclusive').click()
  await dialog.getByTestId('quota-policy-BEST_EFFORT_FIFO').click()
  await shot('zh-quota-respec')
  await dialog.getByRole('button', { name: '确定' }).click()
  await dialog.waitFor({ state: 'hidden' })
  const after = await api('GET', `/quotas/${quota.id}`)
  assert.equal(after.weight, 7)
  assert.equal(after.borrowIdle, true)
  assert.equal(after.exclusive, false)
  assert.equal(after.schedulingPolicy, 'BEST_EFFORT_FIFO')
  await api('DELETE', `/quotas/${quota.id}`)
})

test("the scheduling center shows the embedded default's 6 nodes × 8 cards with a legend", async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-scheduling-center').catch(() => {})
  })
  const cluster = (await api('GET', '/clusters?size=200')).items.find((c) => c.kind === 'DEFAULT')
  const stats = await api('GET', `/scheduling/clusters/${cluster.id}/statistics`)
  await go('/scheduling-center')
  await useCluster(cluster.name)
  await nav().getByText('调度中心').waitFor()
  // the board fills in as the cluster's nodes arrive: wait for all of them, not the first
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=board-node]').length === n, stats.totalNodes)
  assert.equal(await page.getByTestId('board-node').count(), stats.totalNodes)
  assert.equal(stats.totalNodes, 6)
  assert.equal(await page.locator('[data-testid^="card-local-"]').count(), 48)
  for (const node of await page.getByTestId('board-node').all()) assert.equal(await node.locator('.cells .cell').count(), 8)
  assert.ok((await page.getByTestId('stat-totalNodes').innerText()).includes('6'))
  assert.ok((await page.getByTestId('stat-cards').innerText()).includes(String(stats.idleCards)))
  for (const s of ['空闲', '已占用', '污点', '故障']) await page.getByTestId('card-legend').getByText(s, { exact: true }).waitFor()
  const first = page.locator('[data-testid^="card-local-"]').first()
  await first.hover()
  await page.locator('.el-popper').filter({ hasText: '第 0 号卡' }).first().waitFor()
  await shot('zh-scheduling-center')
})

test('a training task: inline rules, create and run, live log, loss curve, events, list, copy and delete', async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-training').catch(() => {})
  })
  const probe = await page.evaluate(async () => (await fetch('/api/v1/training-tasks', { headers: { Authorization: `Bearer ${localStorage.getItem('meridian.token')}` } })).status)
  if (probe === 404) {
    t.skip('the server has no training API yet')
    return
  }
  const name = `e2e_tr_${suffix}`
  await go('/training-tasks')
  await nav().getByText('训练任务').waitFor()
  await page.getByTestId('training-create').click()
  const form = page.getByTestId('training-form')
  await form.waitFor()
  let posted = false
  const onRequest = (r) => {
    if (r.method() === 'POST' && r.url().includes('/api/v1/training-tasks')) posted = true
  }
  page.on('request', onRequest)
  await page.getByTestId('training-image').fill('PyTorch:2.3')
  await page.getByTestId('training-submit').click()
  // required name and command, and the image rule, inline before any request
  await form.locator('.el-form-item__error', { hasText: '此项为必填项' }).first().waitFor()
  await form.locator('.el-form-item__error', { hasText: '镜像地址' }).waitFor()
  await shot('zh-training-create-invalid')
  page.off('request', onRequest)
  assert.equal(posted, false, 'the invalid form must not be submitted')

  await page.getByTestId('training-name').fill(name)
  await page.getByTestId('training-image').fill('pytorch:2.3')
  await page.getByTestId('training-command').fill(
    "python3 -c 'import meridian_runtime as m, time\nfor i in range(20):\n    m.report(i, loss=2.0/(i+1), accuracy=i/20.0)\n    print(\"step\", i, flush=True)\n    time.sleep(0.2)'",
  )
  await page.getByTestId('training-mode').getByText('单机训练').click()
  // TensorBoard on: a path outside /work/home is refused inline, the default is kept
  await page.getByTestId('training-tensorboard-enabled').click()
  await page.getByTestId('training-tensorboard-path').fill('/tmp/tb')
  await page.getByTestId('training-tensorboard-path').blur()
  await form.locator('.el-form-item__error', { hasText: '/work/home 下的目录' }).waitFor()
  await page.getByTestId('training-tensorboard-path').fill('/work/home/tensorboard')
  await page.waitForFunction(() => !!document.querySelector('[data-testid=training-pool] .el-select__selected-item:not(.is-transparent)'))
  await pick(page.getByTestId('training-flavor'), 'training-flavor-popper', '_1*')
  await shot('zh-training-create')
  await page.getByTestId('training-submit').click()
  await page.waitForURL(/\/training-tasks\/tt-/)
  // the run goes through the queue and ends; the detail follows it
  await page.getByTestId('training-detail-status').filter({ hasText: '运行完成' }).waitFor({ timeout: 90_000 })
  await page.getByRole('tab', { name: '日志' }).click()
  await page.getByTestId('training-log').getByText('step 19').waitFor()
  await shot('zh-training-logs')
  await page.getByRole('tab', { name: '监控' }).click()
  await page.getByTestId('training-loss').locator('canvas').first().waitFor()
  // a custom scalar gets a chart of its own, next to the loss, as in TensorBoard's scalars dashboard
  await page.getByTestId('training-scalar-accuracy').locator('canvas').first().waitFor()
  await page.getByTestId('training-smoothing').waitFor()
  // resource monitoring: the CPU and memory group always; card and DCGM groups only where such samples exist
  await page.getByTestId('training-monitor-group-basic').waitFor()
  await page.getByTestId('training-monitor-CPU_UTILIZATION').locator('canvas').first().waitFor()
  assert.equal(await page.getByTestId('training-monitor-group-fineGrained').count(), 0, 'no DCGM on this host, so no fine-grained group')
  await shot('zh-training-metrics')
  await page.getByRole('tab', { name: '事件' }).click()
  await page.getByTestId('training-events').getByText('运行完成').first().waitFor()
  await setLang('English')
  await page.getByRole('tab', { name: 'Details' }).click()
  await page.getByTestId('training-detail-status').filter({ hasText: 'Succeeded' }).waitFor()
  await shot('en-training-detail')
  await setLang('中文')

  await go('/training-tasks')
  await page.getByTestId('training-running').waitFor()
  await page.getByTestId('training-search').fill(name)
  await page.getByTestId('training-search').press('Enter')
  const table = page.getByTestId('training-table')
  const row = table.locator('.el-table__row').filter({ hasText: name })
  await row.first().getByText('运行完成').waitFor()
  assert.ok((await row.first().innerText()).includes('单机训练'))
  await shot('zh-training-list')

  // 复制 makes a new task from this one; 更多 → 删除 removes it
  await page.getByTestId(`training-copy-${name}`).click()
  const box = page.locator('.el-message-box')
  await box.locator('input').fill(`${name}_c`)
  await box.getByRole('button', { name: '确定' }).click()
  await box.waitFor({ state: 'hidden' })
  await page.getByTestId('training-search').fill(`${name}_c`)
  await page.getByTestId('training-search').press('Enter')
  await table.getByText('未运行').waitFor()
  await page.getByTestId(`training-more-${name}_c`).click()
  await page.getByTestId(`training-delete-${name}_c`).click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await table.locator('.el-table__row').filter({ hasText: `${name}_c` }).first().waitFor({ state: 'detached' })
  const left = (await api('GET', `/training-tasks?q=${name}&size=50`)).items.map((x) => x.name)
  assert.deepEqual(left, [name])

  // the row action tensorboard opens the detail on its TensorBoard tab: the run's event file, ready to download
  await page.getByTestId('training-search').fill(name)
  await page.getByTestId('training-search').press('Enter')
  await page.getByTestId(`training-tensorboard-${name}`).click()
  await page.waitForURL(/tab=tensorboard/)
  await page.getByTestId('training-tensorboard-files').getByText('events.out.tfevents.').waitFor()
  await page.getByTestId('training-tensorboard-download').first().waitFor()
  await shot('zh-training-tensorboard')
})

test('alert settings: a server field error inline, then events and e-mail save and reload', async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-alerts').catch(() => {})
  })
  const probe = await page.evaluate(async () => (await fetch('/api/v1/alert-settings', { headers: { Authorization: `Bearer ${localStorage.getItem('meridian.token')}` } })).status)
  if (probe === 404) {
    t.skip('the server has no alert settings yet')
    return
  }
  // start from no events and no channels, so that the journey can run again against the same server
  const before = await api('GET', '/alert-settings')
  await api('PUT', '/alert-settings', { events: [], emailEnabled: false, emailAddress: '', webhookEnabled: false, webhookUrl: '', webhookSecret: null, version: before.version })
  await go('/training-tasks')
  await page.getByTestId('alert-settings-open').click()
  const dialog = page.getByTestId('alert-settings-dialog')
  await dialog.getByTestId('alert-events').waitFor()
  await pick(dialog.getByTestId('alert-events'), 'alert-events-popper', '任务异常')
  await dialog.locator('.el-dialog__title').click() // closes the dropdown
  await dialog.locator('.el-form-item', { hasText: '邮件通知' }).locator('.el-switch').click() // off after the reset above
  await dialog.getByTestId('alert-email-address').fill('not-an-address')
  await dialog.getByTestId('alert-save').click()
  await dialog.locator('.el-form-item__error').first().waitFor()
  await shot('zh-alert-settings-invalid')
  await dialog.getByTestId('alert-email-address').fill(`e2e${suffix}@example.com`)
  await dialog.getByTestId('alert-save').click()
  await dialog.waitFor({ state: 'hidden' })
  const saved = await api('GET', '/alert-settings')
  assert.ok(saved.events.includes('TASK_ABNORMAL'))
  assert.equal(saved.emailEnabled, true)
  assert.equal(saved.emailAddress, `e2e${suffix}@example.com`)
  // reopened, the dialog shows what was saved
  await page.getByTestId('alert-settings-open').click()
  await dialog.getByTestId('alert-events').getByText('任务异常').waitFor()
  assert.equal(await dialog.getByTestId('alert-email-address').inputValue(), `e2e${suffix}@example.com`)
  await dialog.getByRole('tab', { name: '最近告警' }).click()
  await dialog.getByTestId('alert-deliveries').waitFor()
  await shot('zh-alert-settings')
  await dialog.getByRole('button', { name: '取消' }).click()
  await dialog.waitFor({ state: 'hidden' })
})

test('the resource overview lists queued work with its reason, and its priority is changed', async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-resource-overview').catch(() => {})
  })
  // Work comes from training runs on the default queue: the first takes most of the queue, the second waits behind it.
  const probe = await page.evaluate(async () => (await fetch('/api/v1/training-tasks', { headers: { Authorization: `Bearer ${localStorage.getItem('meridian.token')}` } })).status)
  if (probe === 404) {
    t.skip('the server has no training API yet')
    return
  }
  const me = await api('GET', '/me')
  const cluster = (await api('GET', '/clusters?size=200')).items.find((c) => c.kind === 'DEFAULT')
  const queue = (await api('GET', `/queues?clusterId=${cluster.id}&size=50`)).items.find((q) => q.isDefault)
  const flavor = (await api('GET', `/flavors?clusterId=${cluster.id}`)).items.find((f) => f.cards === 4)
  const workspaceId = me.workspaces.find((w) => w.isDefault).id
  const task = (name, nodes) =>
    api('POST', '/training-tasks', {
      workspaceId, name, framework: 'PYTORCH', mode: 'DDP', image: 'pytorch:2.3', command: 'sleep 600', clusterId: cluster.id,
      poolId: queue.id, flavorName: flavor.name, nodes, nprocPerNode: 4,
    })
  const big = await task(`e2e_big_${suffix}`, 8)
  const waiting = await task(`e2e_wait_${suffix}`, 2)
  const runs = [await api('POST', `/training-tasks/${big.id}/runs`), await api('POST', `/training-tasks/${waiting.id}/runs`)]
  t.after(async () => {
    for (const r of runs) await api('POST', `/training-runs/${r.id}/stop`).catch(() => {})
  })
  // both settle: admitted, or waiting with a reason; they cannot both run (the queue has 800 cores, together they need 880)
  const mine = async () => (await api('GET', '/scheduling/workloads?size=100')).items.filter((w) => w.name === big.name || w.name === waiting.name)
  let settled = []
  for (let i = 0; i < 60; i++) {
    settled = await mine()
    if (settled.length === 2 && settled.every((w) => w.status === 'ADMITTED' || (w.status === 'PENDING' && w.reason))) break
    await page.waitForTimeout(500)
  }
  const queued = settled.find((w) => w.status === 'PENDING')
  assert.ok(queued, `one of the two waits: ${JSON.stringify(settled.map((w) => [w.name, w.status]))}`)

  await go('/resource-overview')
  const table = page.getByTestId('workloads-PENDING')
  const row = table.locator('.el-table__row').filter({ hasText: queued.name })
  await row.first().waitFor()
  assert.ok((await row.first().getByTestId('wait-reason').innerText()).length > 5, 'the wait reason is shown')
  assert.match(await row.first().getByTestId('wait-time').innerText(), /\d/)
  await shot('zh-resource-overview')
  await setLang('English')
  await row.first().getByTestId('wait-reason').waitFor()
  await shot('en-resource-overview')
  await setLang('中文')

  await page.getByTestId(`prioritize-${queued.name}`).click()
  const dialog = page.getByTestId('priority-dialog')
  await dialog.getByTestId('priority-input').locator('input').fill('80')
  await dialog.getByTestId('priority-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  const changed = (await mine()).find((w) => w.id === queued.id)
  assert.equal(changed.priority, 80)
  // raised to the head of the queue it may start at once: it then shows under 运行任务管理
  if (changed.status === 'PENDING') await row.first().getByTestId('priority-value').getByText('80', { exact: true }).waitFor()
  await page.getByRole('tab', { name: '运行任务管理' }).click()
  const running = page.getByTestId('workloads-ADMITTED')
  await running.waitFor()
  const admitted = (await mine()).filter((w) => w.status === 'ADMITTED')
  for (const w of admitted) await running.locator('.el-table__row').filter({ hasText: w.name }).first().getByTestId('run-time').waitFor()
  await shot('zh-resource-overview-running')
  await setLang('中文')
})

const PAGES = ['', 'users', 'user-groups', 'policies', 'access-keys', 'workspaces', 'queues', 'quotas', 'settings', 'audit', 'regions', 'clusters', 'nodes', 'tenants', 'scheduling-center', 'resource-overview', 'training-tasks', 'training-tasks/create']

test('main pages render in both languages (screenshots)', async () => {
  for (const [lang, label] of [['en', 'English'], ['zh', '中文']]) {
    await go('/')
    await setLang(label)
    for (const p of PAGES) {
      await go(`/${p}`)
      // a page the caller may not open redirects to the overview; still worth a picture
      await page.waitForTimeout(150)
      await shot(`${lang}-${(p || 'overview').replaceAll('/', '-')}`)
    }
  }
  await go('/')
  await setLang('中文')
})
