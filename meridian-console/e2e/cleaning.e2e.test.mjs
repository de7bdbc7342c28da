// Issue 12's "done when", in the console only: a new instruction-tuning dataset gets a file with mistakes and the
// console says exactly which rows are wrong; a corrected file imports; one row is annotated; the dataset is published;
// a cleaning task is created in 数据工具 › 数据清洗 (its operator preview shows the e-mail going), succeeds on the
// server's local backend, and the new dataset it made holds the rows without the e-mail, identity and mobile numbers.
// Env as console.e2e.test.mjs.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN_PASSWORD, ADMIN_USER, BASE, openBrowser, screenshot } from './browser.mjs'

const suffix = `${Date.now() % 1_000_000}`
const DATASET = `客服问答_${suffix}`
const TASK = `清洗_${suffix}`
const EMAIL = 'liming@163.com'
const ID_NUMBER = '11010519491231002X'
const PHONE = '13800138000'

let browser
let page

before(async () => {
  ;({ browser, page } = await openBrowser())
})

after(async () => {
  await browser?.close()
})

const row = (instruction, input, output) => JSON.stringify({ instruction, input, output })

/** A directory as a user has it, holding one jsonl file. */
function directory(name, lines) {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-dataset-'))
  writeFileSync(join(dir, name), lines.join('\n') + '\n')
  return dir
}

const dialog = (title) => page.locator('.el-dialog').filter({ has: page.locator('.el-dialog__title', { hasText: title }) })
const datasetRow = (name) => page.locator('.el-table__row').filter({ hasText: name })

test('an instruction-tuning dataset with mistakes is corrected, annotated, published and cleaned in the console', async () => {
  await page.goto(`${BASE}/login`)
  await page.getByTestId('login-username').fill(ADMIN_USER)
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('side-nav').waitFor()

  // 1. a new instruction-tuning dataset (the form's defaults), then a file with mistakes: the rows are named
  await page.goto(`${BASE}/datasets`)
  await page.getByRole('button', { name: '创建数据集' }).click()
  const create = dialog('创建数据集')
  await create.locator('input').first().fill(DATASET)
  await create.getByRole('button', { name: '创建并导入' }).click()
  const importing = dialog('导入数据')
  await importing.waitFor()
  const sensitive = row(`请联系 ${EMAIL} 获取帮助`, `身份证：${ID_NUMBER}`, `电话：<b>${PHONE}</b>，谢谢`)
  await importing.locator('input[type=file]').setInputFiles(
    directory('qa.jsonl', [sensitive, '{"instruction": "没有输出", "input": ""}', '{"instruction": "坏行",', row('Say hi', '', 'hi')]),
  )
  await importing.getByRole('button', { name: '导入', exact: true }).click()
  await importing.locator('.el-alert').filter({ hasText: '导入失败' }).waitFor()
  const errors = importing.locator('.el-table__row')
  await errors.first().waitFor()
  const report = await errors.allInnerTexts()
  assert.equal(report.length, 2, report.join('\n'))
  assert.match(report[0], /qa\.jsonl\s+2\s+output\s+必填/)
  assert.match(report[1], /qa\.jsonl\s+3/)
  await screenshot(page, 'cleaning-1-import-errors')

  // 2. the corrected file imports
  await importing.locator('input[type=file]').setInputFiles(directory('qa.jsonl', [sensitive, row('Say hi', '', 'hi'), sensitive]))
  await importing.getByRole('button', { name: '导入', exact: true }).click()
  await importing.locator('.el-alert').filter({ hasText: '导入成功' }).waitFor()
  await importing.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click()

  // 3. annotate one row, then publish
  await datasetRow(DATASET).getByRole('button', { name: '预览' }).click()
  const rows = dialog(DATASET)
  await rows.locator('.el-table__row').first().waitFor()
  await rows.locator('.el-table__row').nth(1).locator('input').fill('通过')
  await rows.locator('.el-table__row').nth(1).getByRole('button', { name: '保存' }).click()
  await page.locator('.el-message').filter({ hasText: '标签已保存' }).waitFor()
  await page.keyboard.press('Escape')
  await rows.waitFor({ state: 'hidden' })
  await datasetRow(DATASET).getByRole('button', { name: '发布' }).click()
  await page.locator('.el-message').filter({ hasText: '已发布' }).waitFor()

  // 4. a cleaning task in 数据工具 › 数据清洗; the form previews each operator type on its sample
  await page.getByTestId('side-nav').getByText('数据工具').waitFor()
  await page.getByTestId('side-nav').getByText('数据清洗').click()
  await page.getByTestId('cleaning-create').click()
  await page.getByTestId('cleaning-form').waitFor()
  const preview = page.getByTestId('cleaning-after-SENSITIVE_INFORMATION')
  await preview.filter({ hasText: '实名认证' }).waitFor()
  assert.doesNotMatch(await preview.innerText(), /liming@163\.com|13800138000|11010519491231002X/)
  await page.getByTestId('cleaning-name').fill(TASK)
  await page.getByTestId('cleaning-input').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: DATASET }).click()
  await page.getByTestId('cleaning-output').filter({ hasText: `${DATASET}_` }).waitFor()
  await screenshot(page, 'cleaning-2-form')
  await page.getByTestId('cleaning-submit').click()

  // 5. it succeeds, with a run record
  await page.waitForURL(/\/cleaning-tasks\/ct-/)
  await page.getByTestId('cleaning-detail-status').filter({ hasText: '已完成' }).waitFor({ timeout: 120_000 })
  assert.equal(await page.getByTestId('cleaning-run').count(), 1)
  await screenshot(page, 'cleaning-3-detail')

  // 6. the new dataset, opened from the task, holds the rows without the sensitive data
  const output = (await page.getByTestId('cleaning-output-link').innerText()).trim()
  assert.match(output, new RegExp(`^${DATASET}_\\d{13}$`))
  await page.getByTestId('cleaning-output-link').click()
  await page.waitForURL(/\/datasets\?search=/)
  await datasetRow(output).getByText('导入成功').waitFor()
  await datasetRow(output).getByRole('button', { name: '预览' }).click()
  const cleaned = dialog(output)
  await cleaned.locator('.el-table__row').first().waitFor()
  const text = (await cleaned.locator('.el-table__row').allInnerTexts()).join('\n')
  await screenshot(page, 'cleaning-4-output')
  // the duplicate is gone; what was sensitive is gone, the rest stays
  assert.equal(await cleaned.locator('.el-table__row').count(), 2, text)
  assert.match(text, /请联系 {2}获取帮助/)
  assert.match(text, /电话：，谢谢/)
  for (const secret of [EMAIL, ID_NUMBER, PHONE, '<b>']) assert.ok(!text.includes(secret), `${secret} is gone:\n${text}`)
})
