// Typed fetch client for /api/v1: bearer token, Accept-Language, problem+json errors.
export interface Page<T> {
  items: T[]
  total: number
  page: number
  size: number
}

export interface ListQuery {
  page?: number
  size?: number
  sort?: string
  [filter: string]: string | number | boolean | undefined | null
}

export interface FieldError {
  field: string
  code: string
  message: string
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public detail: string,
    public errors: FieldError[] = [],
  ) {
    super(detail || code || `HTTP ${status}`)
  }
}

const TOKEN_KEY = 'meridian.token'
let language = 'zh-CN'
let onUnauthorized: () => void = () => {}

export const auth = {
  get token(): string | null {
    return localStorage.getItem(TOKEN_KEY)
  },
  set token(t: string | null) {
    if (t) localStorage.setItem(TOKEN_KEY, t)
    else localStorage.removeItem(TOKEN_KEY)
  },
}

export function setApiLanguage(lang: string) {
  language = lang
}

export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn
}

function buildQuery(q?: Record<string, unknown>): string {
  if (!q) return ''
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((x) => p.append(k, String(x)))
    else p.append(k, String(v))
  }
  const s = p.toString()
  return s ? `?${s}` : ''
}

export async function request<T>(
  method: string,
  path: string,
  opts: { query?: Record<string, unknown>; body?: unknown; raw?: Blob; form?: FormData } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language }
  const token = auth.token
  if (token) headers.Authorization = `Bearer ${token}`
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json'
  // an archive goes as the raw body (as curl --data-binary), never as a form the container would parse
  if (opts.raw !== undefined) headers['Content-Type'] = 'application/octet-stream'
  let res: Response
  try {
    res = await fetch(`/api/v1${path}${buildQuery(opts.query)}`, {
      method,
      headers,
      // a FormData body gets its multipart Content-Type, with the boundary, from the browser
      body: opts.form ?? opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
    })
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message)
  }
  const text = await res.text()
  let data: unknown = undefined
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = text
    }
  }
  if (!res.ok) {
    const p = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>
    if (res.status === 401 && path !== '/auth/login') onUnauthorized()
    throw new ApiError(
      res.status,
      String(p.code ?? `http.${res.status}`),
      String(p.detail ?? p.title ?? (typeof data === 'string' ? data : res.statusText)),
      Array.isArray(p.errors) ? (p.errors as FieldError[]) : [],
    )
  }
  return data as T
}

/** A file download with the bearer token: the body as a Blob and the file name from Content-Disposition. */
export async function download(path: string, query?: Record<string, unknown>): Promise<{ blob: Blob; filename: string | null }> {
  const headers: Record<string, string> = { Accept: '*/*', 'Accept-Language': language }
  const token = auth.token
  if (token) headers.Authorization = `Bearer ${token}`
  let res: Response
  try {
    res = await fetch(`/api/v1${path}${buildQuery(query)}`, { headers })
  } catch (e) {
    throw new ApiError(0, 'network', (e as Error).message)
  }
  if (!res.ok) {
    const text = await res.text()
    let p: Record<string, unknown> = {}
    try {
      p = JSON.parse(text) as Record<string, unknown>
    } catch {
      /* not problem+json */
    }
    if (res.status === 401) onUnauthorized()
    throw new ApiError(
      res.status,
      String(p.code ?? `http.${res.status}`),
      String(p.detail ?? p.title ?? (text || res.statusText)),
      Array.isArray(p.errors) ? (p.errors as FieldError[]) : [],
    )
  }
  const disposition = res.headers.get('Content-Disposition') ?? ''
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null
  return { blob: await res.blob(), filename }
}

/** Saves a Blob through a temporary object URL. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export const http = {
  get: <T>(path: string, query?: Record<string, unknown>) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
  del: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, query: Record<string, unknown>, raw: Blob) => request<T>('POST', path, { query, raw }),
  /** Files as multipart/form-data, read by the server as a stream (MultipartFiles) */
  uploadFiles: <T>(method: 'POST' | 'PUT', path: string, query: Record<string, unknown>, files: File[]) => {
    const form = new FormData()
    for (const file of files) form.append('files', file, file.name)
    return request<T>(method, path, { query, form })
  },
}

/** Accepts either a page object or a bare array (some sub-resources answer arrays). */
export function itemsOf<T>(data: Page<T> | T[] | { items?: T[] } | undefined | null): T[] {
  if (!data) return []
  if (Array.isArray(data)) return data
  return data.items ?? []
}
