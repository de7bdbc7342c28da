// 资源配置 as the task list and detail show it: TensorFlow PS names each role's flavor (002 §4.6.4.1).
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from '@/i18n/en'
import zhCN from '@/i18n/zh-CN'
import { resourcesText } from './trainingText'

function translator(locale: 'en' | 'zh-CN') {
  const i18n = createI18n({ legacy: false, locale, messages: { en, 'zh-CN': zhCN } })
  return (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {})
}

const ps = { mode: 'PS' as const, flavorName: '14C_100G_1*A800', nodes: 3, parameterServers: 2, evaluators: 1 }

describe('resourcesText', () => {
  it('names the flavor of every TensorFlow PS role', () => {
    const text = resourcesText(translator('en'), { ...ps, psFlavorName: 'CPU_4C-内存_16G', chiefFlavorName: '28C_200G_2*A800', evaluatorFlavorName: 'CPU_2C-内存_8G' })
    expect(text).toBe(
      'Chief flavor: 28C_200G_2*A800  Chief nodes: 1  Worker flavor: 14C_100G_1*A800  Worker nodes: 2' +
        '　PS flavor: CPU_4C-内存_16G  Parameter servers: 2　Evaluator flavor: CPU_2C-内存_8G  Evaluator: 1',
    )
  })

  it('runs a role without a flavor of its own on the workers flavor', () => {
    const text = resourcesText(translator('zh-CN'), { ...ps, psFlavorName: 'CPU_4C-内存_16G', chiefFlavorName: null, evaluatorFlavorName: '' })
    expect(text).toBe(
      'Chief算力规格：14C_100G_1*A800　Chief节点个数：1个　Worker算力规格：14C_100G_1*A800　Worker节点个数：2个' +
        '　PS算力规格：CPU_4C-内存_16G　参数服务器：2个　Evaluator算力规格：14C_100G_1*A800　Evaluator：1个',
    )
  })

  it('keeps one flavor for PyTorch', () => {
    expect(resourcesText(translator('en'), { mode: 'DDP', flavorName: 'F', nodes: 2 })).toBe('Master flavor: F  Master nodes: 1  Worker flavor: F  Worker nodes: 1')
    expect(resourcesText(translator('en'), { mode: 'SINGLE', flavorName: 'F', nodes: 1 })).toBe('Flavor: F  Nodes: 1')
    expect(resourcesText(translator('en'), undefined)).toBe('-')
  })
})
