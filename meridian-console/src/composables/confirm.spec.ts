// confirmThen: the one way a view asks before it deletes, stops or changes something.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ElMessage, ElMessageBox } from 'element-plus'
import { confirmThen, confirmed } from './confirm'

// The dialog itself is exercised in the browser tests (e2e/); here it is replaced by the user's answer.
vi.mock('element-plus', () => ({ ElMessageBox: { confirm: vi.fn() }, ElMessage: { error: vi.fn() } }))
vi.mock('@/i18n', () => ({ i18n: { global: { t: (key: string) => key } } }))

const dialog = vi.mocked(ElMessageBox.confirm)
const errorMessage = vi.mocked(ElMessage.error)

function userAnswers(answer: 'confirm' | 'cancel' | 'close') {
  // element-plus types the resolved value for its prompt too (input & action); a confirm resolves to the action
  if (answer === 'confirm') dialog.mockResolvedValue('confirm' as Awaited<ReturnType<typeof ElMessageBox.confirm>>)
  else dialog.mockRejectedValue(answer)
}

describe('confirmThen', () => {
  beforeEach(() => vi.clearAllMocks())

  it('asks with a warning titled Delete unless told otherwise', async () => {
    userAnswers('confirm')
    await confirmThen('Delete job a?', async () => {})
    await confirmThen('Stop queue q?', async () => {}, 'Stop')
    expect(dialog.mock.calls).toEqual([
      ['Delete job a?', 'common.delete', { type: 'warning' }],
      ['Stop queue q?', 'Stop', { type: 'warning' }],
    ])
  })

  it.each(['cancel', 'close'] as const)('does nothing and shows nothing when the user answers %s', async (answer) => {
    userAnswers(answer)
    const action = vi.fn(async () => {})
    expect(await confirmThen('Delete job a?', action)).toBe(false)
    expect(action).not.toHaveBeenCalled()
    expect(errorMessage).not.toHaveBeenCalled()
  })

  it('runs the action once confirmed and says it succeeded', async () => {
    userAnswers('confirm')
    const action = vi.fn(async () => {})
    expect(await confirmThen('Delete job a?', action)).toBe(true)
    expect(action).toHaveBeenCalledOnce()
    expect(errorMessage).not.toHaveBeenCalled()
  })

  it('shows a failed action its error and says it did not succeed', async () => {
    userAnswers('confirm')
    expect(await confirmThen('Delete job a?', () => Promise.reject(new Error('queue q still has jobs')))).toBe(false)
    expect(errorMessage).toHaveBeenCalledWith(expect.objectContaining({ message: 'queue q still has jobs' }))
  })
})

describe('confirmed', () => {
  beforeEach(() => vi.clearAllMocks())

  it('resolves to whether the user confirmed', async () => {
    userAnswers('confirm')
    expect(await confirmed('Bind for good?', 'Confirm')).toBe(true)
    userAnswers('cancel')
    expect(await confirmed('Bind for good?', 'Confirm')).toBe(false)
    expect(dialog).toHaveBeenLastCalledWith('Bind for good?', 'Confirm', { type: 'warning' })
  })
})
