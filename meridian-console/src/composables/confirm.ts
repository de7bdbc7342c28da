import { ElMessageBox } from 'element-plus'
import { i18n } from '@/i18n'
import { showError } from './errors'

/**
 * Asks the user to confirm (a warning dialog); resolves to whether they did. Use it alone only where the confirmed
 * step reports its own errors (a form's save puts them next to its fields); otherwise use `confirmThen`.
 */
export async function confirmed(message: string, title = i18n.global.t('common.delete')): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { type: 'warning' })
    return true
  } catch {
    return false
  }
}

/**
 * Asks the user to confirm, then runs `action`: a dismissed dialog does nothing, a failed action shows its error.
 * Resolves to whether the action ran and succeeded, so callers reload only then.
 */
export async function confirmThen(message: string, action: () => Promise<unknown>, title = i18n.global.t('common.delete')): Promise<boolean> {
  if (!(await confirmed(message, title))) return false
  try {
    await action()
    return true
  } catch (e) {
    showError(e)
    return false
  }
}
