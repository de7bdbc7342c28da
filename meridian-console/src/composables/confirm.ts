import { ElMessageBox } from 'element-plus'
import { i18n } from '@/i18n'
import { showError } from './errors'

/**
 * Asks the user to confirm, then runs `action`: a dismissed dialog does nothing, a failed action shows its error.
 * Resolves to whether the action ran and succeeded, so callers reload only then.
 */
export async function confirmThen(message: string, action: () => Promise<unknown>, title = i18n.global.t('common.delete')): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { type: 'warning' })
  } catch {
    return false
  }
  try {
    await action()
    return true
  } catch (e) {
    showError(e)
    return false
  }
}
