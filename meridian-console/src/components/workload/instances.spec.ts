import { describe, expect, it } from 'vitest'
import type { WorkloadInstance } from '@/api/workload'
import { currentInstances } from './instances'

const instance = (name: string, attempt: number, id = `${name}-${attempt}`): WorkloadInstance => ({ id, name, role: 'worker', index: 0, attempt })

describe('currentInstances', () => {
  it('keeps the newest attempt of every slot, in the order the slots first appear', () => {
    const all = [instance('master-0', 1), instance('worker-1', 1), instance('master-0', 2), instance('worker-1', 2), instance('worker-1', 3)]
    expect(currentInstances(all).map((i) => i.id)).toEqual(['master-0-2', 'worker-1-3'])
  })

  it('keeps a slot that kept running while another restarted alone', () => {
    const all = [instance('worker-0', 1), instance('worker-1', 1), instance('worker-1', 2)]
    expect(currentInstances(all).map((i) => i.id)).toEqual(['worker-0-1', 'worker-1-2'])
  })

  it('answers nothing for a workload without instances', () => {
    expect(currentInstances([])).toEqual([])
  })
})
