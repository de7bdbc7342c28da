// Issue 11, in the reader's language: a run's timeline, the audit log and the overview show labels, not codes, in
// Chinese (the codes stay for scripts, in tooltips and data attributes); a run reporting steps shows its progress and
// ETA; virtual capacity is labelled. Screenshots at 1280 and 1440 px go to test-results/.
// Env as every journey (browser.mjs). Run: node --test e2e/readers-language.e2e.test.mjs
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD as PASSWORD, ADMIN_USER as USER, BASE, openBrowser, screenshot, apiCall } from './browser.mjs'

const suffix = `${Date.now() % 1_000_000}`
// a code a person should not have to read: dotted.codes and snake_case words, and the timeline's kinds
const CODE = /\b[a-z]+(?:[._-][a-z]+)*\.[a-z]+(?:[.-][a-z]+)+\b|\b[a-z]+_[a-z_]+\b|\bTRANSITION\b|\bNOTE\b|\bFAULT\b/

let browser
let page
let jobId

before(async () => {
  ;({ browser, page } = await openBrowser())
  await page.goto(`${BASE}/login`)
  await page.getByTestId('login-username').fill(USER)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('side-nav').waitFor()
  await page.getByTestId('lang-switch').getByText('中文', { exact: true }).click()
})

after(async () => {
  await browser?.close()
})

async function go(path) {
  await page.goto(`${BASE}${path}`)
  await page.getByTestId('side-nav').waitFor()
  await page.waitForLoadState('networkidle')
}

async function shots(name) {
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForTimeout(300)
    await screenshot(page, `${name}-${width}`)
  }
}

const api = (method, path, body) => apiCall(page, method, path, body, { 'Accept-Language': 'zh-CN' })

/** The visible text of the main area, without what is there for scripts (monospace ids and codes). */
async function mainText() {
  return page.locator('.el-main, main').first().evaluate((main) => {
    const copy = main.cloneNode(true)
    copy.querySelectorAll('.mono, code, pre, [data-code-visible]').forEach((e) => e.remove())
    return copy.innerText
  })
}

test('a job that reports steps shows its timeline in Chinese and its progress with an ETA', async () => {
  const me = await api('GET', '/me')
  const workspace = me.workspaces.find((w) => w.isDefault)
  const pools = await api('GET', `/workspaces/${workspace.id}/resources`)
  const queue = pools.find((p) => p.isDefault && p.kind === 'QUEUE')
  const flavors = await api('GET', `/flavors?clusterId=${queue.clusterId}&size=200`)
  const flavor = flavors.items.find((f) => f.cards > 0) ?? flavors.items[0]
  const command = `"$MERIDIAN_PYTHON" -c 'import meridian_runtime as m, time
for s in range(1, 11):
    m.report(s, loss=1.0 / s, total_steps=200)
    time.sleep(0.3)'; exec sleep 600`
  const job = await api('POST', '/jobs', { workspaceId: workspace.id, name: `steps_${suffix}`, poolId: queue.id, flavorName: flavor.name, nodes: 1, command })
  jobId = job.id
  for (let i = 0; i < 120; i++) {
    const detail = await api('GET', `/jobs/${jobId}`)
    if (detail.progress?.step === 10) break
    await page.waitForTimeout(500)
  }
  await go(`/jobs/${jobId}`)
  const progress = page.getByTestId('step-progress').first()
  await progress.waitFor()
  const progressText = await progress.innerText()
  assert.match(progressText, /第 10 \/ 200 步/)
  assert.match(progressText, /预计剩余/)
  await shots('zh-job-detail-progress')
  await go(`/jobs/${jobId}?tab=events`)
  const timeline = await page.getByTestId('job-events').innerText()
  assert.match(timeline, /创建了运行/)
  assert.match(timeline, /状态变更/)
  assert.doesNotMatch(timeline, /run created by|submitted to the scheduler|TRANSITION|placed on/)
  // the codes stay, for scripts
  assert.ok((await page.locator('[data-testid="job-events"] [data-code="runtime.event.created"]').count()) >= 1)
  await shots('zh-job-timeline')
  await go('/jobs')
  await page.getByTestId('step-progress').first().waitFor()
  await shots('zh-jobs-list-progress')
})

test('the audit log names operations and targets in Chinese, codes on hover', async () => {
  await api('POST', `/jobs/${jobId}/stop`)
  await api('POST', `/jobs/${jobId}/stop`).catch(() => {})
  await go('/audit')
  const actions = await page.getByTestId('audit-action').allInnerTexts()
  assert.ok(actions.length > 0)
  assert.ok(actions.some((a) => a.includes('登录')), `sign-in in Chinese: ${actions.join(' | ')}`)
  assert.ok(actions.some((a) => a.includes('作业')), `job operations in Chinese: ${actions.join(' | ')}`)
  for (const action of actions) {
    assert.doesNotMatch(action, /^[a-z-]+\.[a-zA-Z]+$/, `an operation shown as its code: ${action}`)
  }
  // the code, which the action filter and scripts take, stays on each row
  assert.ok((await page.locator('[data-testid="audit-action"][data-code="auth.login"]').count()) >= 1)
  await shots('zh-audit')
})

test('the overview answers what runs, what waits and how busy the cards are, in Chinese, virtual cards labelled', async () => {
  await go('/')
  await page.getByTestId('work-running').waitFor()
  const text = await mainText()
  assert.match(text, /运行中/)
  assert.match(text, /排队中/)
  assert.match(text, /近 24 小时加速卡占用/)
  assert.match(text, /最近的运行/)
  assert.equal(await page.getByTestId('cards-virtual').count(), 1)
  // the job of the first test held a card minutes ago: the last hour of the trend shows it
  assert.equal(await page.getByTestId('trend-empty').count(), 0)
  assert.doesNotMatch(text, CODE, 'no untranslated code on the overview')
  await shots('zh-overview')
  await go('/clusters')
  assert.ok((await page.getByTestId('cluster-virtual').count()) >= 1, 'the default cluster says its nodes are virtual')
  await shots('zh-clusters-virtual')
})

test('in English the same pages read in English', async () => {
  await page.getByTestId('lang-switch').getByText('English', { exact: true }).click()
  await go(`/jobs/${jobId}?tab=events`)
  const timeline = await page.getByTestId('job-events').innerText()
  assert.match(timeline, /run created by/)
  assert.match(timeline, /Status change/)
  await go('/')
  await page.getByTestId('work-running').waitFor()
  assert.match(await mainText(), /Cards in use, last 24 hours/)
  await shots('en-overview')
  await page.getByTestId('lang-switch').getByText('中文', { exact: true }).click()
})
