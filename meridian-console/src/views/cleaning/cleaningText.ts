// How a cleaning task reads in the list and the detail page: its operators by the spec's operator types.
import { OPERATOR_GROUPS, type CleaningOperator, type CleaningStatus } from '@/api/cleaning'

type Translate = (key: string, args?: Record<string, unknown>) => string

/** 处理方式: the operator types the task uses, in the spec's order, joined with 、 (zh) or a comma (en). */
export function methodText(t: Translate, operators: readonly CleaningOperator[], separator: string): string {
  const names = new Set(operators.map((o) => o.name))
  return OPERATOR_GROUPS.filter((g) => g.operators.some((o) => names.has(o)))
    .map((g) => t(`cleaning.groups.${g.key}`))
    .join(separator)
}

/** 算子配置 of one type: its chosen items, with the options that have values. */
export function configText(t: Translate, operators: readonly CleaningOperator[], group: string): string[] {
  const chosen = OPERATOR_GROUPS.find((g) => g.key === group)?.operators ?? []
  return operators
    .filter((o) => (chosen as readonly string[]).includes(o.name))
    .map((o) => {
      const options = [
        o.minLength != null ? `${t('cleaning.minLength')} ${o.minLength}` : '',
        o.maxLength != null ? `${t('cleaning.maxLength')} ${o.maxLength}` : '',
        o.jaccardThreshold != null ? `${t('cleaning.jaccard')} ${o.jaccardThreshold}` : '',
      ].filter((x) => x)
      const name = t(`cleaning.operatorNames.${o.name}`)
      return options.length ? `${name}（${options.join('，')}）` : name
    })
}

export function cleaningStatusType(status: CleaningStatus): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  switch (status) {
    case 'SUCCEEDED':
      return 'success'
    case 'FAILED':
      return 'danger'
    case 'RUNNING':
      return 'primary'
    case 'QUEUED':
    case 'STOPPING':
      return 'warning'
    default:
      return 'info'
  }
}
