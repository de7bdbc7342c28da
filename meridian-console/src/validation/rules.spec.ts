import { describe, expect, it } from 'vitest'
import { NAME_RULES, checkName, checkPassword, checkRange, checkLength, checkLabelKey, checkLabelValue, checkTaint, checkImage, checkEnvName, checkTensorBoardPath, length } from './rules'

describe('name rules', () => {
  it('workspace: starts with a letter or Chinese, letters/digits/Chinese/underscore, at most 25', () => {
    expect(checkName('ws_1训练', NAME_RULES.workspace)).toBeNull()
    expect(checkName('训练空间', NAME_RULES.workspace)).toBeNull()
    expect(checkName('_ws', NAME_RULES.workspace)?.key).toBe('validation.nameWorkspace')
    expect(checkName('1ws', NAME_RULES.workspace)?.key).toBe('validation.nameWorkspace')
    expect(checkName('ws-1', NAME_RULES.workspace)?.key).toBe('validation.nameWorkspace')
    expect(checkName('a'.repeat(25), NAME_RULES.workspace)).toBeNull()
    expect(checkName('a'.repeat(26), NAME_RULES.workspace)?.key).toBe('validation.length')
    expect(checkName('', NAME_RULES.workspace)?.key).toBe('validation.required')
  })
  it('queue: letters, Chinese, digits, hyphen, underscore, 1-200', () => {
    expect(checkName('队列-q_1', NAME_RULES.queue)).toBeNull()
    expect(checkName('bad name', NAME_RULES.queue)?.key).toBe('validation.nameQueue')
    expect(checkName('q'.repeat(201), NAME_RULES.queue)?.key).toBe('validation.length')
  })
  it('counts code points like the server', () => {
    expect(length('训练𝒳')).toBe(3)
  })
})

describe('other rules', () => {
  it('password needs three of lowercase, uppercase, digits, symbols', () => {
    expect(checkPassword('Admin123!')).toBeNull()
    expect(checkPassword('admin123!')).toBeNull()
    expect(checkPassword('abcdefgh1')?.key).toBe('validation.password')
    expect(checkPassword('a1')?.key).toBe('validation.length')
  })
  it('range and length', () => {
    expect(checkRange(1, 1, 100)).toBeNull()
    expect(checkRange(101, 1, 100)?.key).toBe('validation.range')
    expect(checkRange(1.5, 1, 100)?.key).toBe('validation.integer')
    expect(checkLength('', 1, 128)).toBeNull()
    expect(checkLength('x'.repeat(129), 1, 128)?.key).toBe('validation.length')
  })
})

describe('node labels and taints', () => {
  it('label keys and values follow Kubernetes', () => {
    expect(checkLabelKey('gpu')).toBeNull()
    expect(checkLabelKey('meridian.io/pool-a')).toBeNull()
    expect(checkLabelKey('-bad')?.key).toBe('validation.labelKey')
    expect(checkLabelKey('')?.key).toBe('validation.required')
    expect(checkLabelValue('')).toBeNull()
    expect(checkLabelValue('a100_80g')).toBeNull()
    expect(checkLabelValue('bad value')?.key).toBe('validation.labelValue')
  })
  it('taints are key[=value]:Effect', () => {
    expect(checkTaint('gpu=a100:NoSchedule')).toBeNull()
    expect(checkTaint('maintenance:NoExecute')).toBeNull()
    expect(checkTaint('gpu=a100')?.key).toBe('validation.taint')
    expect(checkTaint('gpu=a100:Never')?.key).toBe('validation.taint')
  })
})

describe('training task fields', () => {
  it('images are container references', () => {
    expect(checkImage('pytorch:2.3')).toBeNull()
    expect(checkImage('registry.example.com:5000/team/pytorch:2.3-cuda12')).toBeNull()
    expect(checkImage('PyTorch:2.3')?.key).toBe('validation.image')
    expect(checkImage('')?.key).toBe('validation.required')
  })
  it('environment variable names', () => {
    expect(checkEnvName('NCCL_DEBUG')).toBeNull()
    expect(checkEnvName('1X')?.key).toBe('validation.envName')
  })
})

describe('TensorBoard path', () => {
  it('is a container path under /work/home, each failed rule named', () => {
    expect(checkTensorBoardPath('')).toBeNull()
    expect(checkTensorBoardPath('/work/home/tensorboard')).toBeNull()
    expect(checkTensorBoardPath('/work/home//runs/./tb/')).toBeNull()
    expect(checkTensorBoardPath('logs')?.key).toBe('validation.tensorboardAbsolute')
    expect(checkTensorBoardPath('/work/home/../etc')?.key).toBe('validation.tensorboardParent')
    expect(checkTensorBoardPath('/work/home')?.key).toBe('validation.tensorboardOutside')
    expect(checkTensorBoardPath('/work/homework')?.key).toBe('validation.tensorboardOutside')
    expect(checkTensorBoardPath('/work/home/a\tb')?.key).toBe('validation.tensorboardControl')
  })
})
