import { describe, expect, it } from 'vitest'
import { defaultChoice, parseSpec, problems, recommended, sharedFlavor, specString } from './sharedCard'

// the spec's example: a 44 GiB card with 9 cores and 79 GiB of its node
const L40S = { deviceModel: 'L40s', vendor: 'nvidia', cardMemoryGiB: 44, cardsPerNode: 8, cpuCoresPerCard: 9, memoryGiBPerCard: 79 }

describe('shared cards (eGPU, 001-A §5.9)', () => {
  it('writes and reads the spec string exactly as the spec does', () => {
    const choice = { deviceModel: 'L40s', cards: 2, cardMemoryGiB: 5, cpuCores: 1, memoryGiB: 8 }
    expect(specString(choice)).toBe('2*(L40s(eGPU)_5G_1C_8G)')
    expect(parseSpec('2*(L40s(eGPU)_5G_1C_8G)')).toEqual(choice)
    expect(parseSpec('14C_100G_1*A800')).toBeNull()
    expect(parseSpec('02*(L40s(eGPU)_5G_1C_8G)')).toBeNull()
  })

  it('recommends the physical card’s cores and memory times the memory share, rounded down', () => {
    expect(recommended(L40S, 5)).toEqual({ cpuCores: 1, memoryGiB: 8 })
    expect(recommended(L40S, 44)).toEqual({ cpuCores: 9, memoryGiB: 79 })
    expect(recommended(L40S, 1)).toEqual({ cpuCores: 1, memoryGiB: 1 })
    expect(defaultChoice(L40S)).toEqual({ deviceModel: 'L40s', cards: 1, cardMemoryGiB: 11, cpuCores: 2, memoryGiB: 19 })
  })

  it('names each broken rule with its bound', () => {
    expect(problems(L40S, { deviceModel: 'L40s', cards: 9, cardMemoryGiB: 45, cpuCores: 10, memoryGiB: 80 }).map((p) => [p.key, p.params.max])).toEqual([
      ['sharedCard.cardsRange', 8],
      ['sharedCard.cardMemoryRange', 44],
      ['sharedCard.cpuRange', 9],
      ['sharedCard.memoryRange', 79],
    ])
    expect(problems(L40S, { deviceModel: 'L40s', cards: 8, cardMemoryGiB: 44, cpuCores: 9, memoryGiB: 79 })).toEqual([])
    expect(problems(L40S, { deviceModel: 'L40s', cards: 1, cardMemoryGiB: 1.5, cpuCores: 0, memoryGiB: 1 }).map((p) => p.field)).toEqual(['cardMemoryGiB', 'cpuCores'])
  })

  it('counts an instance’s totals as the server’s flavor does', () => {
    expect(sharedFlavor({ deviceModel: 'L40s', cards: 2, cardMemoryGiB: 5, cpuCores: 1, memoryGiB: 8 })).toMatchObject({ cards: 2, cpuCores: 2, memoryGiB: 16 })
  })
})
