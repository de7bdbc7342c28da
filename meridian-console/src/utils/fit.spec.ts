import { describe, expect, it } from 'vitest'
import { fit } from './fit'
import type { WorkspaceResource } from '@/api/workspace'

const ONE_CARD = { name: '14C_100G_1*A800', cards: 1, cpuCores: 14, memoryGiB: 100 }
const quota = (cards: number, allocated = 0): WorkspaceResource => ({
  id: 'rq-1',
  kind: 'QUOTA',
  name: 'nc_quota',
  flavorName: ONE_CARD.name,
  capacity: { cards, cpuCores: cards * 14, memoryGiB: cards * 100 },
  allocated: { cards: allocated, cpuCores: 0, memoryGiB: 0 },
})

describe('fit', () => {
  it('refuses more instances than a quota of one flavor holds, with the numbers', () => {
    expect(fit(quota(2), [ONE_CARD], { [ONE_CARD.name]: 3 }, '资源配额')).toEqual({
      level: 'error',
      key: 'firstHour.tooBig',
      params: { need: 3, kind: '资源配额', name: 'nc_quota', have: 2 },
    })
  })
  it('accepts what fits, and says it will wait when the cards are taken', () => {
    expect(fit(quota(2), [ONE_CARD], { [ONE_CARD.name]: 2 }, 'quota')).toBeNull()
    expect(fit(quota(2, 1), [ONE_CARD], { [ONE_CARD.name]: 2 }, 'quota')?.level).toBe('wait')
  })
  it('compares cards for a pool without a flavor, and leaves a pool of no cards to the server', () => {
    const shared: WorkspaceResource = { id: 'q', kind: 'QUEUE', name: 'default', isDefault: true, capacity: { cards: 4, cpuCores: 64, memoryGiB: 512 } }
    expect(fit(shared, [ONE_CARD], { [ONE_CARD.name]: 5 }, 'queue')?.key).toBe('firstHour.tooBigCards')
    expect(fit({ ...shared, capacity: { cards: 0, cpuCores: 0, memoryGiB: 0 } }, [ONE_CARD], { [ONE_CARD.name]: 5 }, 'queue')).toBeNull()
  })
})
