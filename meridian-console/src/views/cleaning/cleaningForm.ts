// The create form's choices: which operators a form turns on, and the 8C 16G default flavor.
import { OPERATOR_GROUPS, OPERATOR_ORDER, type CleaningOperator, type OperatorGroup } from '@/api/cleaning'
import type { Flavor } from '@/api/resource'

export interface GroupChoice {
  enabled: boolean
  items: string[]
  minLength?: number | null
  maxLength?: number | null
  jaccardThreshold?: number | null
}

/** As the spec's form opens: 删除敏感信息 and 删除无效字符 on with every item but TeX comments (they eat "50%…"), exact de-duplication on. */
export function initialChoices(): Record<OperatorGroup, GroupChoice> {
  return {
    SENSITIVE_INFORMATION: { enabled: true, items: ['clean_email_mapper', 'clean_id_card_mapper', 'clean_phone_mapper'] },
    INVALID_CHARACTERS: {
      enabled: true,
      items: ['clean_html_mapper', 'clean_links_mapper', 'clean_ip_mapper', 'clean_copyright_mapper', 'remove_bibliography_mapper'],
    },
    LENGTH_FILTER: { enabled: false, items: ['text_length_filter'], minLength: 10, maxLength: null },
    DEDUPLICATION: { enabled: true, items: ['document_deduplicator'], jaccardThreshold: 0.7 },
  }
}

/** The operators of the enabled groups' chosen items, with their options, in the engine's order. */
export function operatorsOf(choices: Record<OperatorGroup, GroupChoice>, only?: OperatorGroup): CleaningOperator[] {
  const operators: CleaningOperator[] = []
  for (const group of OPERATOR_GROUPS) {
    const choice = choices[group.key]
    if (!choice.enabled || (only && only !== group.key)) continue
    for (const name of choice.items) {
      const operator: CleaningOperator = { name }
      if (name === 'text_length_filter') {
        if (choice.minLength != null) operator.minLength = choice.minLength
        if (choice.maxLength != null) operator.maxLength = choice.maxLength
      }
      if (name === 'document_minhash_deduplicator' && choice.jaccardThreshold != null) operator.jaccardThreshold = choice.jaccardThreshold
      operators.push(operator)
    }
  }
  return operators.sort((a, b) => OPERATOR_ORDER.indexOf(a.name) - OPERATOR_ORDER.indexOf(b.name))
}

/** 8C 16G: the pool's own flavor, else the smallest CPU flavor with at least 8 cores and 16 GiB (as the server picks). */
export function defaultCleaningFlavor(poolFlavor: string | undefined, flavors: readonly Flavor[]): string {
  if (poolFlavor) return poolFlavor
  const fitting = flavors
    .filter((f) => f.cards === 0 && f.cpuCores >= 8 && f.memoryGiB >= 16)
    .sort((a, b) => a.cpuCores - b.cpuCores || a.memoryGiB - b.memoryGiB)
  return fitting[0]?.name ?? ''
}
