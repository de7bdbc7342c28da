// Form rules, mirroring the server's NameRule / FieldRules (meridian-server platform/api). One place for every rule.
// Each check answers null when the value is fine, or an i18n key (with params) describing the violation.
import type { FormItemRule } from 'element-plus'

export interface Violation {
  key: string
  params?: Record<string, unknown>
}

export interface NameRule {
  min: number
  max: number
  pattern: RegExp
  key: string
}

const HAN = '\\p{Script=Han}'

export const NAME_RULES = {
  /** letters, digits, Chinese, underscore; starts with a letter; at most 25 */
  workspace: { min: 1, max: 25, pattern: new RegExp(`^[A-Za-z${HAN}][A-Za-z0-9_${HAN}]*$`, 'u'), key: 'validation.nameWorkspace' },
  /** queues and resource quotas: 1–200 letters, Chinese, digits, hyphen, underscore */
  queue: { min: 1, max: 200, pattern: new RegExp(`^[A-Za-z0-9_\\-${HAN}]+$`, 'u'), key: 'validation.nameQueue' },
  /** clusters (resource groups): 1–20, Chinese/English letters, digits, underscore; not starting with underscore */
  cluster: { min: 1, max: 20, pattern: new RegExp(`^[A-Za-z0-9${HAN}][A-Za-z0-9_${HAN}]*$`, 'u'), key: 'validation.nameCluster' },
  /** nodes are host names */
  node: { min: 1, max: 63, pattern: /^[A-Za-z0-9][A-Za-z0-9.-]*$/, key: 'validation.nameNode' },
  /** login names */
  username: { min: 2, max: 64, pattern: /^[A-Za-z][A-Za-z0-9_.-]*$/, key: 'validation.nameUsername' },
  userGroup: { min: 1, max: 64, pattern: new RegExp(`^[A-Za-z0-9_\\-${HAN}]+$`, 'u'), key: 'validation.nameUserGroup' },
  /** regions and zones: lowercase letters, digits, hyphen */
  region: { min: 1, max: 32, pattern: /^[a-z0-9][a-z0-9-]*$/, key: 'validation.nameRegion' },
  tenant: { min: 1, max: 64, pattern: new RegExp(`^[A-Za-z0-9_\\-${HAN}]+$`, 'u'), key: 'validation.nameTenant' },
  /** data-cleaning tasks (001-A §3.3): Chinese, letters, digits, underscore, hyphen; starts with Chinese, a letter or a digit; at most 50 */
  cleaningTask: { min: 1, max: 50, pattern: new RegExp(`^[A-Za-z0-9${HAN}][A-Za-z0-9_\\-${HAN}]*$`, 'u'), key: 'validation.nameCleaningTask' },
} satisfies Record<string, NameRule>

export const LIMITS = {
  workspaceDescription: 300,
  queueDescription: 500,
  clusterDescription: 300,
  quotaDescription: 128,
  groupDescription: 300,
  passwordMin: 8,
  passwordMax: 64,
  weightMin: 1,
  weightMax: 100,
  userLimitMax: 10000,
  batchMax: 50,
} as const

/** Length in code points, as the server counts (a Chinese character or an emoji is one). */
export function length(value: string): number {
  return Array.from(value).length
}

export function checkName(value: string | null | undefined, rule: NameRule): Violation | null {
  if (value == null || value.trim() === '') return rule.min > 0 ? { key: 'validation.required' } : null
  const n = length(value)
  if (n < rule.min || n > rule.max) return { key: 'validation.length', params: { min: rule.min, max: rule.max } }
  if (!rule.pattern.test(value)) return { key: rule.key }
  return null
}

export function checkRequired(value: unknown): Violation | null {
  if (value == null) return { key: 'validation.required' }
  if (typeof value === 'string' && value.trim() === '') return { key: 'validation.required' }
  if (Array.isArray(value) && value.length === 0) return { key: 'validation.required' }
  return null
}

export function checkMaxLength(value: string | null | undefined, max: number): Violation | null {
  if (value != null && length(value) > max) return { key: 'validation.maxLength', params: { max } }
  return null
}

/** Text that, when given, must be min..max long (descriptions of queues and quotas). */
export function checkLength(value: string | null | undefined, min: number, max: number): Violation | null {
  if (value == null || value === '') return null
  const n = length(value)
  if (n < min || n > max) return { key: 'validation.length', params: { min, max } }
  return null
}

export function checkRange(value: number | null | undefined, min: number, max: number): Violation | null {
  if (value == null || Number.isNaN(value)) return { key: 'validation.required' }
  if (!Number.isInteger(value)) return { key: 'validation.integer' }
  if (value < min || value > max) return { key: 'validation.range', params: { min, max } }
  return null
}

/** Passwords: 8–64 characters with at least three of lowercase, uppercase, digits and symbols. */
export function checkPassword(value: string | null | undefined): Violation | null {
  if (!value) return { key: 'validation.required' }
  if (value.length < LIMITS.passwordMin || value.length > LIMITS.passwordMax)
    return { key: 'validation.length', params: { min: LIMITS.passwordMin, max: LIMITS.passwordMax } }
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((r) => r.test(value)).length
  if (classes < 3) return { key: 'validation.password' }
  return null
}

export function checkEmail(value: string | null | undefined): Violation | null {
  if (!value) return null
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : { key: 'validation.email' }
}

// Node labels and taints as Kubernetes writes them (server NodeRules): label [prefix/]name=value, taint key[=value]:Effect.
const K8S_NAME = '[A-Za-z0-9]([A-Za-z0-9_.\\-]{0,61}[A-Za-z0-9])?'
const K8S_PREFIX = '([a-z0-9]([a-z0-9.\\-]{0,61}[a-z0-9])?/)?'
const LABEL_KEY = new RegExp(`^${K8S_PREFIX}${K8S_NAME}$`)
const LABEL_VALUE = new RegExp(`^(${K8S_NAME})?$`)
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const
export const MAX_NODE_ENTRIES = 16

export function checkLabelKey(value: string | null | undefined): Violation | null {
  if (!value) return { key: 'validation.required' }
  return LABEL_KEY.test(value) ? null : { key: 'validation.labelKey' }
}

export function checkLabelValue(value: string | null | undefined): Violation | null {
  return !value || LABEL_VALUE.test(value) ? null : { key: 'validation.labelValue' }
}

/** `key[=value]:Effect` */
export function checkTaint(value: string | null | undefined): Violation | null {
  if (!value) return { key: 'validation.required' }
  const m = /^([^=:]+)(?:=([^:]*))?:(.+)$/.exec(value)
  if (!m || checkLabelKey(m[1]) || checkLabelValue(m[2]) || !(TAINT_EFFECTS as readonly string[]).includes(m[3])) return { key: 'validation.taint' }
  return null
}

// Training tasks (server TaskService): a container image reference and environment variable names.
const IMAGE =
  /^(?:[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/

export function checkImage(value: string | null | undefined): Violation | null {
  if (!value || !value.trim()) return { key: 'validation.required' }
  return value.length <= 255 && IMAGE.test(value) ? null : { key: 'validation.image' }
}

export function checkEnvName(value: string | null | undefined): Violation | null {
  if (!value) return { key: 'validation.required' }
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value) ? null : { key: 'validation.envName' }
}

/** The TensorBoard path (server TaskService.tensorBoard): each rule its own message, checked in the server's order. */
export function checkTensorBoardPath(value: string | null | undefined): Violation | null {
  const path = (value ?? '').trim()
  if (!path) return null // the server takes /work/home/tensorboard
  if (length(path) > 255) return { key: 'validation.maxLength', params: { max: 255 } }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rule refuses
  if (/[\u0000-\u001f\u007f-\u009f]/.test(path)) return { key: 'validation.tensorboardControl' }
  if (!path.startsWith('/')) return { key: 'validation.tensorboardAbsolute' }
  const segments = path.split('/')
  if (segments.includes('..')) return { key: 'validation.tensorboardParent' }
  const normalized = '/' + segments.filter((s) => s && s !== '.').join('/')
  return normalized.startsWith('/work/home/') ? null : { key: 'validation.tensorboardOutside' }
}

type Translate = (key: string, params?: Record<string, unknown>) => string

/**
 * Adapts a check to an Element Plus form rule. `t` is called at validation time, so messages follow the UI language.
 */
export function rule(t: Translate, check: (value: never) => Violation | null, trigger: 'blur' | 'change' = 'blur'): FormItemRule {
  return {
    trigger,
    validator: (_r: unknown, value: unknown, callback: (e?: Error) => void) => {
      const v = check(value as never)
      callback(v ? new Error(t(v.key, v.params)) : undefined)
    },
  }
}
