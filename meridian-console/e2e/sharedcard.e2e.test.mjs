// 自定义分配 (001-A §5.9) in the training form: on the embedded default's NVIDIA (A800, 80 GiB) cards the switch shows the
// virtual-card table with each physical card's amounts and the recommended CPU and memory; CPU and memory follow the
// card memory, a change warns and 恢复推荐值 undoes it; the spec string is sent as the flavor and the run's instances
// hold a share of two cards. Env as console.e2e.test.mjs.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ADMIN_PASSWORD as PASSWORD, ADMIN_USER as USER, BASE, openBrowser, screenshot, apiCall } from './browser.mjs'

let browser
let page

before(async () => {
  ;({ browser, page } = await openBrowser())
})

after(async () => {
  await browser?.close()
})

const api = (method, path) => apiCall(page, method, path)

/** Types into an Element Plus number stepper and leaves it, as a user does. */
async function setNumber(testId, value) {
  const input = page.getByTestId(testId).locator('input')
  await input.fill(String(value))
  await input.press('Tab')
}

const spec = () => page.getByTestId('shared-card-spec').innerText()

test('a training task on shared cards chosen in 自定义分配', async (t) => {
  t.after(async () => {
    if (!t.passed) await screenshot(page, 'failed-shared-card').catch(() => {})
  })
  await page.goto(`${BASE}/login`)
  await page.getByTestId('login-username').fill(USER)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('side-nav').waitFor()
  await page.goto(`${BASE}/training-tasks`)
  await page.getByTestId('training-create').click()
  await page.getByTestId('training-form').waitFor()
  const name = `e2e_egpu_${Date.now() % 1_000_000}`
  await page.getByTestId('training-name').fill(name)
  await page.getByTestId('training-image').fill('pytorch:2.3')
  await page.getByTestId('training-command').fill('echo "devices=$CUDA_VISIBLE_DEVICES share=$MERIDIAN_DEVICE_SHARE_MILLI"')
  await page.getByTestId('training-mode').getByText('单机训练').click()
  await page.waitForFunction(() => !!document.querySelector('[data-testid=training-pool] .el-select__selected-item:not(.is-transparent)'))

  await page.getByTestId('training-custom-allocation').click()
  const table = page.getByTestId('shared-card')
  // one A800: 80 GiB, 112 cores and 800 GiB over 8 cards → 14 cores and 100 GiB per card; a quarter of the memory by default
  await table.getByText('单张物理卡量').waitFor()
  assert.equal(await spec(), '资源规格：1*(A800(eGPU)_20G_3C_25G)')
  assert.ok((await table.innerText()).includes('14 核'), 'the physical card’s cores are shown')
  assert.ok((await table.innerText()).includes('100 G'), 'the physical card’s memory is shown')
  // CPU and memory follow the card memory while they hold the recommendation: 14 × 10/80 = 1.75 → 1, 100 × 10/80 = 12.5 → 12
  await setNumber('shared-card-memory', 10)
  await page.waitForFunction(() => document.querySelector('[data-testid=shared-card-spec]')?.textContent?.includes('_10G_1C_12G'))
  // a changed value warns; 恢复推荐值 brings the recommendation back
  await setNumber('shared-card-cpu', 4)
  await page.locator('[data-testid=shared-card-warning].warn').waitFor()
  await page.getByTestId('shared-card-restore').click()
  await page.waitForFunction(() => !document.querySelector('[data-testid=shared-card-warning].warn'))
  await setNumber('shared-card-cards', 2)
  assert.equal(await spec(), '资源规格：2*(A800(eGPU)_10G_1C_12G)')
  await screenshot(page, 'zh-training-shared-card')

  await page.getByTestId('training-submit').click()
  await page.waitForURL(/\/training-tasks\/tt-/)
  await page.getByTestId('training-detail-status').filter({ hasText: '运行完成' }).waitFor({ timeout: 90_000 })
  const task = (await api('GET', `/training-tasks?q=${name}&size=5`)).items[0]
  assert.equal(task.flavorName, '2*(A800(eGPU)_10G_1C_12G)')
  const run = (await api('GET', `/training-runs?taskId=${task.id}`)).items[0]
  const detail = await api('GET', `/training-runs/${run.id}`)
  assert.match(detail.instances[0].devices, /^NVIDIA:\d,\d@125\/10240$/)
})
