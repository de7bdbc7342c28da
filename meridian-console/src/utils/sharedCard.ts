// Shared cards (eGPU, 001-A §5.9): the 自定义分配 table's values, the recommended cores and memory, the checks the
// server makes again (ClusterDirectory.checkSharedCard), and the spec string the form sends as the flavor name.
import type { Flavor, SharedCardModel } from '@/api/resource'

export interface SharedCardChoice {
  deviceModel: string
  /** 虚拟卡数量 */
  cards: number
  /** 虚拟单卡显存, GiB */
  cardMemoryGiB: number
  /** 虚拟单卡CPU, cores */
  cpuCores: number
  /** 虚拟单卡内存, GiB */
  memoryGiB: number
}

/** 【张*（卡类型_eGPU）_显存_核数_内存】: `2*(L40S(eGPU)_5G_1C_8G)`. */
export function specString(c: SharedCardChoice): string {
  return `${c.cards}*(${c.deviceModel}(eGPU)_${c.cardMemoryGiB}G_${c.cpuCores}C_${c.memoryGiB}G)`
}

const SPEC = /^(\d{1,4})\*\(([A-Za-z0-9.-]{1,20})\(eGPU\)_(\d{1,6})G_(\d{1,6})C_(\d{1,6})G\)$/

/** The choice a spec string writes, or null for anything else (a flavor name). */
export function parseSpec(text: string): SharedCardChoice | null {
  const m = SPEC.exec(text)
  if (!m) return null
  const choice = { cards: Number(m[1]), deviceModel: m[2], cardMemoryGiB: Number(m[3]), cpuCores: Number(m[4]), memoryGiB: Number(m[5]) }
  return specString(choice) === text ? choice : null
}

/** 默认推荐值 = 单张物理卡CPU或内存 × 显存占比, rounded down, at least 1. */
export function recommended(model: SharedCardModel, cardMemoryGiB: number): { cpuCores: number; memoryGiB: number } {
  const share = (perCard: number) => Math.max(1, Math.floor((perCard * cardMemoryGiB) / model.cardMemoryGiB))
  return { cpuCores: share(model.cpuCoresPerCard), memoryGiB: share(model.memoryGiBPerCard) }
}

/** The recommended choice for a model: one virtual card of a quarter of the card's memory (at least 1 GiB). */
export function defaultChoice(model: SharedCardModel): SharedCardChoice {
  const cardMemoryGiB = Math.max(1, Math.floor(model.cardMemoryGiB / 4))
  return { deviceModel: model.deviceModel, cards: 1, cardMemoryGiB, ...recommended(model, cardMemoryGiB) }
}

export interface SharedCardProblem {
  field: 'cards' | 'cardMemoryGiB' | 'cpuCores' | 'memoryGiB'
  key: string
  params: Record<string, unknown>
}

const isCount = (v: number, max: number) => Number.isInteger(v) && v >= 1 && v <= max

/** Each rule of 001-A §5.9 the choice breaks, as the server words it. */
export function problems(model: SharedCardModel, c: SharedCardChoice): SharedCardProblem[] {
  const out: SharedCardProblem[] = []
  if (!isCount(c.cards, model.cardsPerNode)) out.push({ field: 'cards', key: 'sharedCard.cardsRange', params: { max: model.cardsPerNode } })
  if (!isCount(c.cardMemoryGiB, model.cardMemoryGiB)) out.push({ field: 'cardMemoryGiB', key: 'sharedCard.cardMemoryRange', params: { max: model.cardMemoryGiB } })
  if (!isCount(c.cpuCores, model.cpuCoresPerCard)) out.push({ field: 'cpuCores', key: 'sharedCard.cpuRange', params: { max: model.cpuCoresPerCard } })
  if (!isCount(c.memoryGiB, model.memoryGiBPerCard)) out.push({ field: 'memoryGiB', key: 'sharedCard.memoryRange', params: { max: model.memoryGiBPerCard } })
  return out
}

/** The flavor the server resolves the spec string to, for the form's fit check: the instance's totals. */
export function sharedFlavor(c: SharedCardChoice): Flavor {
  return { name: specString(c), cards: c.cards, cpuCores: c.cards * c.cpuCores, memoryGiB: c.cards * c.memoryGiB, deviceModel: c.deviceModel }
}
