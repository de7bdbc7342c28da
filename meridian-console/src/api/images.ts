// 我的镜像 (001-B §2.3): custom images and registry shares (server image feature); presets stay in resource.ts (GET /images).
import { http, type ListQuery, type Page } from './http'

export type ImageSource = 'CUSTOM' | 'REGISTRY_SHARE'
export type ImageGroup = 'PRESET' | 'CUSTOM' | 'REGISTRY_SHARE' | 'SHARED'

export interface CustomImage {
  id: string
  name: string
  imageVersion: string
  /** the reference a backend pulls */
  image: string
  source: ImageSource
  tags: string[]
  vendor?: string | null
  framework?: string | null
  description?: string | null
  shareDeadline?: string | null
  shareEnabled: boolean
  shared: boolean
  usable: boolean
  ownerId: string
  createdAt: string
  updatedAt: string
  version: number
}

export interface ImageForm {
  name: string
  imageVersion: string
  image: string
  source: ImageSource
  tags: string[]
  vendor?: string
  framework?: string
  description?: string
  shareDeadline?: string | null
  shareEnabled?: boolean
}

/** One entry of a form's image choice (镜像来源), presets first. */
export interface ImageChoice {
  image: string
  name: string
  imageVersion: string
  group: ImageGroup
  tags: string[]
  usable: boolean
  /** why it is not usable now, in the caller's language */
  reason?: string | null
}

export const myImagesApi = {
  list: (q: ListQuery) => http.get<Page<CustomImage>>('/images/custom', q),
  shared: (q: ListQuery) => http.get<Page<CustomImage>>('/images/shared', q),
  create: (form: ImageForm) => http.post<CustomImage>('/images/custom', form),
  update: (id: string, body: Partial<ImageForm> & { version: number }) => http.put<CustomImage>(`/images/custom/${id}`, body),
  share: (id: string) => http.post<CustomImage>(`/images/custom/${id}/share`),
  unshare: (id: string) => http.del<CustomImage>(`/images/custom/${id}/share`),
  remove: (id: string) => http.del<void>(`/images/custom/${id}`),
  /** what the training form and the job dialog offer (GET /images/choices) */
  choices: () => http.get<ImageChoice[]>('/images/choices'),
}
