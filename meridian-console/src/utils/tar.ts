// A code directory chosen in the browser, packed as the CLI's --code-dir packs it: a tar.gz with the directory's contents
// at its root. POSIX ustar headers (paths up to 255 bytes through the prefix field), gzip by the browser's CompressionStream.

export interface TarEntry {
  /** the path inside the archive, '/'-separated, relative */
  path: string
  data: Uint8Array
  /** seconds since the epoch */
  mtime?: number
}

const BLOCK = 512
const encoder = new TextEncoder()

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as tar writes numbers
  return value.toString(8).padStart(width - 1, '0') + '\0'
}

function put(header: Uint8Array, offset: number, text: string) {
  header.set(encoder.encode(text), offset)
}

/** Splits a path into ustar's prefix (≤155 bytes) and name (≤100 bytes) at a '/', or says it cannot. */
export function splitPath(path: string): { prefix: string; name: string } {
  if (encoder.encode(path).length <= 100) return { prefix: '', name: path }
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i)
    const name = path.slice(i + 1)
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return { prefix, name }
  }
  throw new Error(`path too long for a tar archive: ${path}`)
}

/** One file's 512-byte ustar header. */
export function header(entry: TarEntry): Uint8Array {
  const h = new Uint8Array(BLOCK)
  const { prefix, name } = splitPath(entry.path)
  put(h, 0, name)
  put(h, 100, octal(0o644, 8))
  put(h, 108, octal(0, 8))
  put(h, 116, octal(0, 8))
  put(h, 124, octal(entry.data.length, 12))
  put(h, 136, octal(Math.floor(entry.mtime ?? Date.now() / 1000), 12))
  put(h, 148, '        ') // the checksum counts its own field as spaces
  put(h, 156, '0')
  put(h, 257, 'ustar\0')
  put(h, 263, '00')
  put(h, 345, prefix)
  const sum = h.reduce((a, b) => a + b, 0)
  put(h, 148, sum.toString(8).padStart(6, '0') + '\0 ')
  return h
}

/** The uncompressed archive: each header and its data padded to 512 bytes, then two zero blocks. */
export function tar(entries: TarEntry[]): Uint8Array {
  const size = entries.reduce((a, e) => a + BLOCK + Math.ceil(e.data.length / BLOCK) * BLOCK, 0) + 2 * BLOCK
  const out = new Uint8Array(size)
  let offset = 0
  for (const e of entries) {
    out.set(header(e), offset)
    offset += BLOCK
    out.set(e.data, offset)
    offset += Math.ceil(e.data.length / BLOCK) * BLOCK
  }
  return out
}

/**
 * Files chosen with a directory picker carry "dir/sub/file" paths: the chosen directory itself is dropped, so its contents
 * sit at the archive's root (the task's working directory), as with the CLI's --code-dir.
 */
export function archivePath(file: { name: string; webkitRelativePath?: string }): string {
  const relative = file.webkitRelativePath || file.name
  const parts = relative.split('/').filter((p) => p && p !== '.' && p !== '..')
  return (parts.length > 1 && file.webkitRelativePath ? parts.slice(1) : parts).join('/')
}

export async function tarGz(files: File[]): Promise<Blob> {
  const entries: TarEntry[] = []
  for (const f of files) {
    entries.push({ path: archivePath(f), data: new Uint8Array(await f.arrayBuffer()), mtime: Math.floor(f.lastModified / 1000) })
  }
  const stream = new Blob([tar(entries) as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Response(stream).blob()
}
