// 我的数据集 (server: /api/v1/datasets, docs/features/datasets.md): annotated datasets, their imports with the per-row
// report, preview, annotation, publish, export, share tokens.
import { ApiError, auth, download, http, type FieldError, type ListQuery, type Page } from './http'
import { currentLang } from '@/i18n'

export const DATA_TYPES = ['IMAGE', 'LLM_TEXT', 'CROSS_MODAL'] as const
export type DataType = (typeof DATA_TYPES)[number]

/** 标注模版 by data type (001-B §2.2.2). */
export const TEMPLATES: Record<DataType, string[]> = {
  IMAGE: ['IMAGE_MULTI_LABEL', 'IMAGE_TEXT_MATCH', 'VQA'],
  LLM_TEXT: ['MULTI_TURN_DIALOGUE', 'INSTRUCTION_TUNING', 'QA_PAIRS', 'RESPONSE_RANKING'],
  CROSS_MODAL: ['IMAGE_UNDERSTANDING'],
}

/** Text templates keep rows: preview, annotation and jsonl export. */
export const ROW_TEMPLATES = ['MULTI_TURN_DIALOGUE', 'INSTRUCTION_TUNING', 'QA_PAIRS', 'RESPONSE_RANKING', 'IMAGE_UNDERSTANDING']

export interface Dataset {
  id: string
  kind: 'ANNOTATED' | 'BASIC'
  name: string
  version?: string | null
  description?: string | null
  dataType?: DataType | null
  template?: string | null
  workspaceId: string
  ownerId: string
  status: 'CREATED' | 'IMPORTING' | 'IMPORT_SUCCEEDED' | 'IMPORT_FAILED'
  published: boolean
  rowCount: number
  fileCount: number
  sizeBytes: number
  mountPath: string
  /** 基础数据集: OWN (the tenant's own storage) or PLATFORM */
  storageType?: string
  storagePath?: string | null
  visibility?: 'OWNER' | 'WORKSPACE'
  confidential?: boolean
  createdAt: string
}

export interface ImportError {
  file: string
  line: number
  field: string
  rule: string
  message: string
}

export interface DatasetImport {
  id: string
  source: 'DIRECTORY' | 'ARCHIVE' | 'URL'
  status: Dataset['status']
  fileCount: number
  duplicateCount: number
  rowCount: number
  errorCount: number
  error?: string | null
  errors: ImportError[]
}

export interface DatasetRow {
  index: number
  content: Record<string, unknown>
  label?: string | null
  relevance: number[]
  safety: number[]
  rankingState?: string | null
}

/** Sends a body that is not JSON (a directory's files, an archive) and reads the import it started. */
async function upload(path: string, body: FormData | Blob, contentType?: string): Promise<DatasetImport> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLang() }
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`
  if (contentType) headers['Content-Type'] = contentType
  const res = await fetch(`/api/v1${path}`, { method: 'POST', headers, body })
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (!res.ok) {
    throw new ApiError(res.status, String(data.code ?? `http.${res.status}`), String(data.detail ?? res.statusText),
      Array.isArray(data.errors) ? (data.errors as FieldError[]) : [])
  }
  return data as unknown as DatasetImport
}

export const datasetsApi = {
  list: (q: ListQuery) => http.get<Page<Dataset>>('/datasets', q),
  get: (id: string) => http.get<Dataset>(`/datasets/${id}`),
  create: (body: Record<string, unknown>) => http.post<Dataset>('/datasets', body),
  remove: (id: string) => http.del<void>(`/datasets/${id}`),
  /** 本地上传: each file as a part named by its path inside the chosen directory. */
  importDirectory: (id: string, files: File[]) => {
    const form = new FormData()
    for (const file of files) form.append('files', file, file.webkitRelativePath || file.name)
    return upload(`/datasets/${id}/imports`, form)
  },
  importArchive: (id: string, file: File) => upload(`/datasets/${id}/imports`, file, 'application/octet-stream'),
  importUrl: (id: string, url: string) => http.post<DatasetImport>(`/datasets/${id}/imports/url`, { url }),
  imports: (id: string) => http.get<DatasetImport[]>(`/datasets/${id}/imports`),
  rows: (id: string, q: ListQuery) => http.get<Page<DatasetRow>>(`/datasets/${id}/rows`, q),
  annotate: (id: string, index: number, body: Record<string, unknown>) => http.put<DatasetRow>(`/datasets/${id}/rows/${index}`, body),
  publish: (id: string) => http.post<Dataset>(`/datasets/${id}/publish`),
  share: (id: string, validity: string) => http.post<{ token: string; expiresAt?: string | null }>(`/datasets/${id}/shares`, { validity }),
  redeem: (token: string, workspaceId: string) => http.post<Dataset>('/datasets/redeem', { token, workspaceId }),
  export: (id: string, format: 'jsonl' | 'zip') => download(`/datasets/${id}/export`, { format }),
}
