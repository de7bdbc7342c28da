// Issue 12's code packages and images in the console: the admin uploads two files as a code package (我的代码包) with an
// entry file, starts training from it (the training form opens with the package chosen and the entry file as the
// command) and saves the task, then adds a custom image with the ssh tag (我的镜像) and finds it among the
// image choices forms offer (GET /images/choices), creates a basic dataset (基础数据集 tab) and ranks a response-ranking
// row's responses by dragging. Env as console.e2e.test.mjs.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN_PASSWORD, ADMIN_USER, BASE, openBrowser, screenshot, apiCall } from './browser.mjs'

const suffix = `${Date.now() % 1_000_000}`
const PACKAGE = `e2e_code_${suffix}`
const IMAGE = `e2e-torch-ssh-${suffix}`

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

const api = (method, path, body) => apiCall(page, method, path, body)

/** Two files as a user has them: a training script and a module it imports. */
function codeFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-code-'))
  writeFileSync(join(dir, 'train.py'), 'import util\nprint("training with", util.LR)\n')
  writeFileSync(join(dir, 'util.py'), 'LR = 0.01\n')
  return [join(dir, 'train.py'), join(dir, 'util.py')]
}

test('uploads a code package, starts training from it, and adds a custom image', async (t) => {
  t.after(async () => {
    if (!t.passed) await shot('failed-assets').catch(() => {})
  })
  await page.goto(`${BASE}/login`)
  await page.getByTestId('login-username').fill(ADMIN_USER)
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD)
  await page.getByTestId('login-submit').click()
  await nav().waitFor()

  // 我的代码包: + 创建代码包, two files, the entry file chosen from them
  await nav().getByText('我的代码包', { exact: true }).click()
  await page.getByTestId('code-package-create').click()
  await page.getByTestId('code-package-files').setInputFiles(codeFiles())
  await page.getByTestId('code-package-name').fill(PACKAGE)
  await page.getByTestId('code-package-submit').click()
  const row = page.getByTestId('code-packages').locator('tr', { hasText: PACKAGE })
  await row.waitFor()
  const text = await row.innerText()
  assert.match(text, /train\.py/, 'the entry file is listed')
  assert.match(text, /上传成功/)
  assert.match(text, /我的代码包-导入平台存储/)
  await shot('zh-code-packages')

  // 开始训练: the training form with the package chosen and its entry file as the command
  await row.getByTestId('code-package-train').click()
  await page.waitForURL(/\/training-tasks\/create\?codePackageId=/)
  // a client-side navigation: wait for the form to have loaded the packages and chosen this one
  await page.waitForFunction(() => document.querySelector('[data-testid=training-command]')?.value === 'python train.py')
  assert.match(await page.getByTestId('training-code').innerText(), new RegExp(PACKAGE))
  await page.getByTestId('training-name').fill(`e2e_cp_${suffix}`)
  // the pool's flavors load after the pool is chosen: save once the flavor is there
  await page.waitForFunction(() => /\dC_/.test(document.querySelector('[data-testid=training-flavor]')?.innerText ?? ''))
  await page.getByTestId('training-save').click()
  await page.waitForURL(/\/training-tasks\/(?!create)[^/?]+$/, { timeout: 30_000 })
  const pkg = (await api('GET', `/code-packages?name=${PACKAGE}`)).items[0]
  const tasks = (await api('GET', `/training-tasks?q=e2e_cp_${suffix}&workspaceId=${(await api('GET', '/workspaces?size=200')).items.find((w) => w.isDefault).id}`)).items
  assert.equal(tasks.length, 1)
  assert.equal((await api('GET', `/training-tasks/${tasks[0].id}`)).codePackageId, pkg.id)

  // 我的镜像: a custom image with the ssh tag
  await nav().getByText('我的镜像', { exact: true }).click()
  await page.getByTestId('image-create').click()
  await page.getByTestId('image-name').fill(IMAGE)
  await page.getByTestId('image-version').fill('v0.5.ssh')
  await page.getByTestId('image-reference').fill(`registry.example.com/team/${IMAGE}:v0.5.ssh`)
  await page.getByTestId('image-tags').click()
  await page.keyboard.type('ssh')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Escape')
  await page.getByTestId('image-submit').click()
  const image = page.getByTestId('custom-images').locator('tr', { hasText: IMAGE })
  await image.waitFor()
  assert.match(await image.innerText(), /ssh/)
  assert.match(await image.innerText(), /可用/)
  await shot('zh-my-images')
  const choices = await api('GET', '/images/choices')
  assert.ok(choices.some((c) => c.group === 'CUSTOM' && c.image === `registry.example.com/team/${IMAGE}:v0.5.ssh` && c.tags.includes('ssh')))

  // 我的数据集 › 基础数据集: an admin may leave the data source path empty (the whole own storage)
  await nav().getByText('我的数据集', { exact: true }).click()
  await page.getByRole('tab', { name: '基础数据集' }).click()
  await page.getByTestId('basic-dataset-create').click()
  await page.getByTestId('basic-dataset-name').fill(`基础_${suffix}`)
  await page.getByTestId('basic-dataset-submit').click()
  const basic = page.getByTestId('basic-datasets').locator('tr', { hasText: `基础_${suffix}` })
  await basic.waitFor()
  assert.match(await basic.innerText(), new RegExp(`/work/basicData/基础_${suffix}`))
  assert.match(await basic.innerText(), /创建成功/)
  await shot('zh-basic-datasets')

  // 语句回复排序: a row's responses ranked by dragging, relevance only → 未排序（无安全度排序）
  const workspaceId = (await api('GET', '/workspaces?size=200')).items.find((w) => w.isDefault).id
  const ranked = await api('POST', '/datasets', { workspaceId, name: `排序_${suffix}`, version: 'V1', dataType: 'LLM_TEXT', template: 'RESPONSE_RANKING' })
  await page.evaluate(async (id) => {
    const form = new FormData()
    const row = { prompt: '哪个回答更好？', response_0: 'first answer', response_1: 'second answer', is_response_0_safe: true, is_response_1_safe: true }
    form.append('files', new Blob([JSON.stringify(row) + '\n']), 'rank.jsonl')
    const r = await fetch(`/api/v1/datasets/${id}/imports`, { method: 'POST', headers: { Authorization: `Bearer ${localStorage.getItem('meridian.token')}` }, body: form })
    if (!r.ok) throw new Error(`import: ${r.status} ${await r.text()}`)
  }, ranked.id)
  await page.goto(`${BASE}/datasets`)
  await nav().waitFor()
  const rankedRow = page.locator('tr', { hasText: `排序_${suffix}` })
  await rankedRow.getByRole('button', { name: '预览' }).click()
  await page.getByTestId('ranking-open-0').click()
  await page.getByTestId('ranking-relevance-1').dragTo(page.getByTestId('ranking-relevance-0'))
  assert.match(await page.getByTestId('ranking-relevance-0').innerText(), /response_1/)
  await page.getByTestId('ranking-save').click()
  await page.getByText('未排序（无安全度排序）').waitFor()
  const annotated = (await api('GET', `/datasets/${ranked.id}/rows`)).items[0]
  assert.deepEqual(annotated.relevance, [1, 0])
  assert.equal(annotated.rankingState, 'NO_SAFETY_ORDER')
  await shot('zh-ranking')
  await page.keyboard.press('Escape')

  // the three lists fit a 1280 px window: no column scrolled out of sight or under the fixed 操作 column
  await page.setViewportSize({ width: 1280, height: 900 })
  const clipped = []
  for (const [path, tab] of [['/code-packages'], ['/images'], ['/datasets', '基础数据集']]) {
    await page.goto(`${BASE}${path}`)
    await nav().waitFor()
    if (tab) await page.getByRole('tab', { name: tab }).click()
    await page.waitForTimeout(500)
    clipped.push(...(await clippedTables()).map((problem) => `${path} ${tab ?? ''}: ${problem}`))
  }
  assert.deepEqual(clipped, [])
})

/** Tables whose body is wider than its wrapper (as firsthour.e2e.test.mjs checks every page of the menu). */
async function clippedTables() {
  return page.evaluate(() => {
    const problems = []
    document.querySelectorAll('.el-table').forEach((table) => {
      if (table.offsetParent === null) return
      const body = table.querySelector('.el-table__body-wrapper .el-scrollbar__wrap') ?? table.querySelector('.el-table__body-wrapper')
      const inner = table.querySelector('.el-table__body')
      if (body && inner && inner.scrollWidth > body.clientWidth + 1) problems.push(`${inner.scrollWidth}px of columns in ${body.clientWidth}px`)
    })
    return problems
  })
}
