// What every browser journey shares: the server under test (env MERIDIAN_BASE_URL, MERIDIAN_ADMIN_USER,
// MERIDIAN_ADMIN_PASSWORD, MERIDIAN_CHROMIUM), Debian's Chromium driven by playwright-core, and screenshots in
// test-results/. Not a test file itself: `node --test e2e/` runs only *.test.mjs.
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const BASE = (process.env.MERIDIAN_BASE_URL || '').replace(/\/$/, '')
export const ADMIN_USER = process.env.MERIDIAN_ADMIN_USER || 'admin'
export const ADMIN_PASSWORD = process.env.MERIDIAN_ADMIN_PASSWORD || ''
const SHOTS = fileURLToPath(new URL('../test-results/', import.meta.url))
const CHROMIUM = process.env.MERIDIAN_CHROMIUM || '/usr/bin/chromium'

/** Starts headless Chromium with one zh-CN page; returns the browser (to close) and the page. */
export async function openBrowser() {
  assert.ok(BASE, 'MERIDIAN_BASE_URL must point at a running Meridian server')
  assert.ok(ADMIN_PASSWORD, 'MERIDIAN_ADMIN_PASSWORD must be set')
  mkdirSync(SHOTS, { recursive: true })
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  page.on('pageerror', (e) => console.error('[browser error]', e.message))
  return { browser, page }
}

/** A full-page screenshot named {@code name}.png in test-results/. */
export function screenshot(page, name) {
  return page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true })
}

/**
 * Calls the API as the user signed in on {@code page} (the console's token in localStorage): the parsed JSON answer,
 * null for an empty one; throws with the status and body on an error.
 */
export function apiCall(page, method, path, body, headers = {}) {
  return page.evaluate(
    async ({ method, path, body, headers }) => {
      const all = { Authorization: `Bearer ${localStorage.getItem('meridian.token')}`, 'Content-Type': 'application/json', ...headers }
      const r = await fetch(`/api/v1${path}`, { method, headers: all, body: body ? JSON.stringify(body) : undefined })
      const text = await r.text()
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`)
      return text ? JSON.parse(text) : null
    },
    { method, path, body, headers },
  )
}
