// The "done when" in the console: a new user creates a two-node DDP PyTorch task through the form, runs it,
// sees the live log and the loss curve, and — after this test SIGKILLs the worker's python, found through /proc —
// sees the restart in the run's events and the run complete, with the resumed attempt's log.
// Env as console.e2e.test.mjs: MERIDIAN_BASE_URL, MERIDIAN_ADMIN_USER, MERIDIAN_ADMIN_PASSWORD. The server must run
// its instances on this host (the embedded default's local backend), with the preset environment pytorch installed: the
// task's image, pytorch:2.15, runs in it (ConsoleBrowserTest skips without it).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ADMIN_PASSWORD, ADMIN_USER as ADMIN, BASE, openBrowser, screenshot } from './browser.mjs'

const SCRIPT = fileURLToPath(new URL('../../meridian-runtime-py/examples/', import.meta.url))
const suffix = `${Date.now() % 1_000_000}`
const USER = `e2e_new_${suffix}`
const PASSWORD = 'Journey-Passw0rd'
const STEPS = 40

let browser
let page

before(async () => {
  ;({ browser, page } = await openBrowser())
})

after(async () => {
  await browser?.close()
})

const shot = (name) => screenshot(page, name)

/** Calls the API from this process (setup the console has no form for), as {@code token}'s user. */
async function call(token, method, path, body, contentType = 'application/json') {
  const headers = { 'Content-Type': contentType, ...(token ? { Authorization: `Bearer ${token}` } : {}) }
  const payload = body === undefined || contentType !== 'application/json' ? body : JSON.stringify(body)
  const r = await fetch(`${BASE}/api/v1${path}`, { method, headers, body: payload })
  const text = await r.text()
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`)
  return text ? JSON.parse(text) : null
}

async function login(username, password) {
  return (await call(null, 'POST', '/auth/login', { username, password })).token
}

/** The pids of the python processes running ddp_train.py as the given rank of the run, from /proc. */
function trainingProcesses(runId, rank) {
  const found = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
      if (!argv[0].includes('python') || !argv.some((arg) => arg.endsWith('ddp_train.py'))) continue
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0')
      if (env.includes(`MERIDIAN_RUN_ID=${runId}`) && env.includes(`RANK=${rank}`)) found.push(Number(entry))
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found
}

async function until(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

test('a new user trains a two-node DDP task from the console through a worker fault to completion', async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-journey').catch(() => {})
  })
  // the admin makes the user, a 算法开发 of the default workspace; the user's code is uploaded as a package
  const admin = await login(ADMIN, ADMIN_PASSWORD)
  const user = await call(admin, 'POST', '/users', { username: USER, password: PASSWORD, email: `${USER}@example.com`, groupIds: [] })
  const workspace = (await call(admin, 'GET', '/workspaces?size=200')).items.find((w) => w.isDefault)
  await call(admin, 'POST', `/workspaces/${workspace.id}/members`, { userId: user.id, roles: ['ALGORITHM_DEVELOPER'] })
  const token = await login(USER, PASSWORD)
  const archive = execFileSync('tar', ['-czf', '-', '-C', SCRIPT, 'ddp_train.py'])
  const codePackage = await call(token, 'POST', `/code-packages?name=ddp_${suffix}`, archive, 'application/gzip')

  await page.goto(`${BASE}/login`)
  await page.getByTestId('login-username').fill(USER)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('side-nav').waitFor()

  // the form: DDP (one master, one worker), the code package, fault tolerance on
  await page.goto(`${BASE}/training-tasks`)
  await page.getByTestId('training-create').click()
  await page.getByTestId('training-form').waitFor()
  await page.getByTestId('training-name').fill(`journey_${suffix}`)
  await page.getByTestId('training-image').fill('pytorch:2.15')
  await page.getByTestId('training-mode').getByText('DDP', { exact: true }).click()
  await page.getByTestId('training-code').click()
  await page.locator('.training-code-popper .el-select-dropdown__item').filter({ hasText: codePackage.name }).first().click()
  await page.getByTestId('training-command').fill(
    `"$MERIDIAN_PYTHON" ddp_train.py --steps ${STEPS} --checkpoint-every 5 --step-delay 0.25 --print-every 1`,
  )
  await page.waitForFunction(() => !!document.querySelector('[data-testid=training-pool] .el-select__selected-item:not(.is-transparent)'))
  await page.getByTestId('training-flavor').click()
  await page.locator('.training-flavor-popper .el-select-dropdown__item:not(.is-disabled)').filter({ hasText: '_1*' }).first().click()
  await page.getByTestId('training-fault-tolerance').click()
  assert.equal(await page.getByTestId('training-workers').locator('input').inputValue(), '1')
  await shot('zh-journey-create')
  await page.getByTestId('training-submit').click()
  await page.waitForURL(/\/training-tasks\/tt-.*run=tr-/)
  const runId = new URL(page.url()).searchParams.get('run')

  // running: the live log prints steps and the loss curve is drawn
  await page.getByTestId('training-detail-status').filter({ hasText: '运行中' }).waitFor({ timeout: 120_000 })
  await page.getByRole('tab', { name: '日志' }).click()
  await page.getByTestId('training-log').getByText('step 3 loss', { exact: false }).first().waitFor({ timeout: 60_000 })
  await page.getByRole('tab', { name: '监控' }).click()
  await page.getByTestId('training-loss').locator('canvas').first().waitFor({ timeout: 30_000 })
  await page.getByRole('tab', { name: '日志' }).click()

  // a checkpoint exists (every 5 steps): the worker's python is killed
  await until('step 12', async () => {
    const series = (await call(token, 'GET', `/training-runs/${runId}/metrics?instance=master-0`)).series
    return series[0]?.points.some((p) => p.step >= 12)
  })
  const worker = trainingProcesses(runId, 1)
  assert.ok(worker.length > 0, `the worker of ${runId} runs on this host`)
  worker.forEach((pid) => process.kill(pid, 'SIGKILL'))

  // the run resumes from the checkpoint as attempt 2 and completes; the log view, opened during attempt 1, shows the
  // new attempt's log from its start
  await page.getByRole('tab', { name: '基本信息' }).click()
  await page.getByTestId('training-detail-status').filter({ hasText: '运行完成' }).waitFor({ timeout: 180_000 })
  await page.getByRole('tab', { name: '日志' }).click()
  const log = page.getByTestId('training-log')
  await log.getByText('resumed from checkpoint at step', { exact: false }).waitFor({ timeout: 30_000 })
  await log.getByText(`final step ${STEPS}`).waitFor()
  await shot('zh-journey-log')
  await page.getByRole('tab', { name: '事件' }).click()
  const events = page.getByTestId('training-events')
  await events.getByText('断点续训中').first().waitFor()
  await events.getByText('worker-0（第 1 次尝试）已失败', { exact: false }).first().waitFor()
  await events.getByText('运行完成').first().waitFor()
  await shot('zh-journey-events')
  const run = await call(token, 'GET', `/training-runs/${runId}`)
  assert.equal(run.status, 'SUCCEEDED')
  assert.equal(run.attempt, 2)
  assert.equal(run.restarts, 1)
})
