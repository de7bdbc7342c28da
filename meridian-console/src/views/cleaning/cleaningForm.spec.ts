import { describe, expect, it } from 'vitest'
import { defaultCleaningFlavor, initialChoices, operatorsOf } from './cleaningForm'

describe('the cleaning form', () => {
  it('sends the chosen operators in the engine order, with options only where they belong', () => {
    const choices = initialChoices()
    choices.LENGTH_FILTER.enabled = true
    choices.LENGTH_FILTER.maxLength = 4096
    expect(operatorsOf(choices).map((o) => o.name)).toEqual([
      'clean_html_mapper',
      'clean_links_mapper',
      'clean_email_mapper',
      'clean_ip_mapper',
      'clean_id_card_mapper',
      'clean_phone_mapper',
      'clean_copyright_mapper',
      'remove_bibliography_mapper',
      'text_length_filter',
      'document_deduplicator',
    ])
    expect(operatorsOf(choices, 'LENGTH_FILTER')).toEqual([{ name: 'text_length_filter', minLength: 10, maxLength: 4096 }])
  })
  it('leaves out a group that is off', () => {
    const choices = initialChoices()
    choices.SENSITIVE_INFORMATION.enabled = false
    expect(operatorsOf(choices).map((o) => o.name)).not.toContain('clean_email_mapper')
  })
  it('defaults to the smallest CPU flavor of at least 8 cores and 16 GiB', () => {
    const flavors = [
      { name: '14C_100G_1*A800', cards: 1, cpuCores: 14, memoryGiB: 100 },
      { name: 'CPU_4C-内存_16G', cards: 0, cpuCores: 4, memoryGiB: 16 },
      { name: 'CPU_8C-内存_32G', cards: 0, cpuCores: 8, memoryGiB: 32 },
      { name: 'CPU_8C-内存_16G', cards: 0, cpuCores: 8, memoryGiB: 16 },
    ]
    expect(defaultCleaningFlavor(undefined, flavors)).toBe('CPU_8C-内存_16G')
    expect(defaultCleaningFlavor('own', flavors)).toBe('own')
  })
})
