// The "done when" across clusters, in the console: the same two-node DDP task, created through the form once on
// the local cluster and once on the Slurm cluster (the queue is picked in the form), runs to completion on each, with
// its log in the run detail; a plain job created on the jobs page (作业) on the Slurm cluster does too. The job list and
// detail are captured at 1280 and 1440 px. Needs a server with a Slurm cluster: SlurmConsoleBrowserTest starts one and
// sets MERIDIAN_E2E_SLURM to the cluster's name; without it (ConsoleBrowserTest's server) the journey is skipped. The
// task's image, pytorch:2.15, runs in the preset environment pytorch, which that server's environments root holds.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ADMIN_PASSWORD, ADMIN_USER, BASE, openBrowser, screenshot } from './browser.mjs'

const SLURM = process.env.MERIDIAN_E2E_SLURM
const SCRIPT = fileURLToPath(new URL('../../meridian-runtime-py/examples/', import.meta.url))
const suffix = `${Date.now() % 1_000_000}`
const STEPS = 20
const RUN_DEADLINE = 150_000

let browser
let page

before(async () => {
  if (SLURM) ({ browser, page } = await openBrowser())
})

after(async () => {
  await browser?.close()
})

const shot = (name) => screenshot(page, name)

async function call(token, method, path, body, contentType = 'application/json') {
  const headers = { 'Content-Type': contentType, ...(token ? { Authorization: `Bearer ${token}` } : {}) }
  const payload = body === undefined || contentType !== 'application/json' ? body : JSON.stringify(body)
  const r = await fetch(`${BASE}/api/v1${path}`, { method, headers, body: payload })
  const text = await r.text()
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`)
  return text ? JSON.parse(text) : null
}

/** Opens an Element Plus select (its popper-class given) and clicks the first enabled option matching {@code text}. */
async function pick(select, popperClass, text) {
  await select.click()
  const options = page.locator(`.${popperClass} .el-select-dropdown__item:not(.is-disabled)`)
  await options.first().waitFor()
  await options.filter({ hasText: text }).first().click()
}

/** Waits until the select shows a chosen value (the form fills some by itself once their inputs are known). */
async function chosen(testid) {
  await page.waitForFunction((id) => !!document.querySelector(`[data-testid=${id}] .el-select__selected-item:not(.is-transparent)`), testid)
}

/** Full-page screenshots of the page as it is, at 1280 and 1440 px wide; the viewport stays at 1440. */
async function widths(name) {
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 })
    // let the table lay its columns out again and the tags finish their entry transition
    await page.waitForTimeout(500)
    await shot(`${name}-${width}`)
  }
}

async function nav(label) {
  await page.getByTestId('side-nav').getByText(label, { exact: true }).click()
}

/**
 * The same two-node DDP task on {@code cluster}: created through the form with the queue of that cluster, run, followed
 * to 运行完成 in its detail, and its log read there. Returns the run as the API reports it.
 */
async function ddpOn(token, cluster, codePackage, flavor) {
  await nav('训练任务')
  await page.getByTestId('training-create').click()
  await page.getByTestId('training-form').waitFor()
  await page.getByTestId('training-name').fill(`ddp_${cluster}_${suffix}`)
  await page.getByTestId('training-image').fill('pytorch:2.15')
  await page.getByTestId('training-mode').getByText('DDP', { exact: true }).click()
  await pick(page.getByTestId('training-code'), 'training-code-popper', codePackage.name)
  await page.getByTestId('training-command').fill(`"$MERIDIAN_PYTHON" ddp_train.py --steps ${STEPS} --checkpoint-every 5 --print-every 1`)
  // the workspace has a queue on each cluster: none is chosen for the user, who picks the one on this cluster
  await pick(page.getByTestId('training-pool'), 'training-pool-popper', new RegExp(`· ${cluster}$`))
  await chosen('training-flavor')
  if (flavor) await pick(page.getByTestId('training-flavor'), 'training-flavor-popper', flavor)
  assert.equal(await page.getByTestId('training-workers').locator('input').inputValue(), '1', 'DDP: a master and one worker')
  await shot(`zh-clusters-ddp-create-${cluster}`)
  await page.getByTestId('training-submit').click()
  await page.waitForURL(/\/training-tasks\/tt-.*run=tr-/)
  const runId = new URL(page.url()).searchParams.get('run')

  await page.getByTestId('training-detail-status').filter({ hasText: '运行完成' }).waitFor({ timeout: RUN_DEADLINE })
  await page.getByRole('tab', { name: '日志' }).click()
  const log = page.getByTestId('training-log')
  await log.getByText('rank 0 of 2 started', { exact: false }).waitFor()
  await log.getByText(`final step ${STEPS}`, { exact: false }).waitFor()
  await shot(`zh-clusters-ddp-log-${cluster}`)
  return call(token, 'GET', `/training-runs/${runId}`)
}

test('the same two-node DDP task runs on the local and the Slurm cluster, and a plain job on the jobs page', { skip: !SLURM && 'needs a server with a Slurm cluster (SlurmConsoleBrowserTest)' }, async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-clusters').catch(() => {})
  })
  const token = (await call(null, 'POST', '/auth/login', { username: ADMIN_USER, password: ADMIN_PASSWORD })).token
  const clusters = (await call(token, 'GET', '/clusters?size=200')).items
  const local = clusters.find((c) => c.backend === 'local')
  const slurm = clusters.find((c) => c.name === SLURM && c.backend === 'slurm')
  assert.ok(local && slurm, `a local cluster and a slurm cluster named ${SLURM} in ${JSON.stringify(clusters)}`)
  const archive = execFileSync('tar', ['-czf', '-', '-C', SCRIPT, 'ddp_train.py'])
  const codePackage = await call(token, 'POST', `/code-packages?name=ddp_clusters_${suffix}`, archive, 'application/gzip')

  await page.goto(`${BASE}/login`)
  await page.getByTestId('login-username').fill(ADMIN_USER)
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('side-nav').waitFor()

  // the local cluster's nodes have (virtual) cards: one card each; Slurm's nodes have none, and the form's choice stays
  for (const [cluster, flavor] of [[local.name, '_1*'], [SLURM, null]]) {
    const run = await ddpOn(token, cluster, codePackage, flavor)
    assert.equal(run.status, 'SUCCEEDED')
    assert.equal(run.instances.length, 2)
    const backend = cluster === SLURM ? 'slurm' : 'local'
    assert.ok(run.timeline.some((e) => e.message.startsWith(`backend ${backend}`)), `ran on the ${backend} backend: ${JSON.stringify(run.timeline)}`)
  }

  // 作业: a command on two instances of the Slurm cluster, from the jobs page
  const name = `job_${suffix}`
  await nav('作业')
  await page.getByTestId('job-create').click()
  await page.getByTestId('job-dialog').waitFor()
  await page.getByTestId('job-name').fill(name)
  await pick(page.getByTestId('job-cluster'), 'job-cluster-popper', new RegExp(`^${SLURM}$`))
  await chosen('job-pool')
  await chosen('job-flavor')
  await page.getByTestId('job-nodes').locator('input').fill('2')
  await page.getByTestId('job-command').fill('echo "instance $MERIDIAN_REPLICA_INDEX of $MERIDIAN_REPLICA_COUNT"')
  await shot('zh-clusters-job-create')
  await page.getByTestId('job-submit').click()
  await page.waitForURL(/\/jobs\/job-/)
  await page.getByTestId('job-detail-status').filter({ hasText: '运行完成' }).waitFor({ timeout: RUN_DEADLINE })
  await page.getByTestId('job-instances').getByText('worker-1').waitFor()
  // the cluster by its name, not its id
  await page.getByTestId('job-detail-cluster').filter({ hasText: new RegExp(`^${SLURM}$`) }).waitFor()
  await widths('zh-clusters-job-detail')
  await page.getByRole('tab', { name: '日志' }).click()
  await page.getByTestId('job-log').getByText('instance 0 of 2').waitFor()
  await shot('zh-clusters-job-log')
  const jobId = new URL(page.url()).pathname.split('/').pop()
  const job = await call(token, 'GET', `/jobs/${jobId}`)
  assert.equal(job.status, 'SUCCEEDED')
  assert.equal(job.clusterId, slurm.id)
  // it ran, however quickly: it has a start and a duration, not just an end
  assert.ok(job.startedAt && job.durationSeconds != null, `started and timed: ${JSON.stringify(job)}`)

  await nav('作业')
  const row = page.getByTestId('job-table').locator('.el-table__row').filter({ hasText: name })
  await row.getByTestId('job-row-status').filter({ hasText: '运行完成' }).waitFor()
  await row.getByText(SLURM, { exact: true }).waitFor()
  await widths('zh-clusters-job-list')
})
