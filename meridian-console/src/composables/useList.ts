// The one list-page helper: paging (1-based, 10 per page), sorting from el-table, and filters sent as query parameters.
import { onMounted, reactive, ref, watch, type Ref } from 'vue'
import type { ListQuery, Page } from '@/api/http'
import { showError } from './errors'
import { i18n } from '@/i18n'

export interface SortChange {
  prop: string | null
  order: 'ascending' | 'descending' | null
}

export function useList<T, F extends Record<string, unknown> = Record<string, unknown>>(
  fetcher: (q: ListQuery) => Promise<Page<T>>,
  filters: F = {} as F,
  opts: { immediate?: boolean; size?: number } = {},
) {
  const items = ref([]) as Ref<T[]>
  const total = ref(0)
  const page = ref(1)
  const size = ref(opts.size ?? 10)
  const sort = ref('')
  const loading = ref(false)
  const f = reactive(filters) as F
  let seq = 0

  async function load() {
    const mine = ++seq
    loading.value = true
    try {
      const q: ListQuery = { page: page.value, size: size.value }
      if (sort.value) q.sort = sort.value
      for (const [k, v] of Object.entries(f)) {
        if (v !== '' && v != null && !(Array.isArray(v) && v.length === 0)) q[k] = v as string
      }
      const r = await fetcher(q)
      if (mine !== seq) return
      items.value = r?.items ?? []
      total.value = r?.total ?? items.value.length
      if (items.value.length === 0 && page.value > 1 && total.value > 0) {
        page.value = Math.max(1, Math.ceil(total.value / size.value))
      }
    } catch (e) {
      if (mine === seq) {
        items.value = []
        total.value = 0
        showError(e)
      }
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function search() {
    if (page.value !== 1) page.value = 1
    else void load()
  }

  function onSortChange(s: SortChange) {
    sort.value = s.prop && s.order ? `${s.prop},${s.order === 'ascending' ? 'asc' : 'desc'}` : ''
    search()
  }

  // the pager and the filter row change the list through these, so that a component holding it never writes into its prop
  function goTo(n: number) {
    page.value = n
  }

  function resize(n: number) {
    size.value = n
  }

  function setFilter(key: string, value: unknown) {
    ;(f as Record<string, unknown>)[key] = value ?? ''
  }

  watch([page, size], () => void load())
  // server texts (policy descriptions, messages) follow Accept-Language
  watch(() => i18n.global.locale.value, () => void load())
  onMounted(() => {
    if (opts.immediate !== false) void load()
  })

  return reactive({ items, total, page, size, sort, loading, filters: f, load, search, onSortChange, goTo, resize, setFilter })
}

export type ListState = ReturnType<typeof useList<object>>
