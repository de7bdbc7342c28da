function pad(n: number) {
  return String(n).padStart(2, '0')
}

/** ISO-8601 → YYYY-MM-DD HH:mm:ss in the browser's time zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

export function num(v: number | null | undefined): string {
  return v == null ? '-' : String(v)
}

/** seconds → "1d 2h 3m 4s"-like text; units come from the caller (already translated) */
export function formatDuration(seconds: number | null | undefined, units: { d: string; h: string; m: string; s: string }): string {
  if (seconds == null || Number.isNaN(seconds)) return '-'
  let s = Math.max(0, Math.floor(seconds))
  const d = Math.floor(s / 86400)
  s -= d * 86400
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  const parts: string[] = []
  if (d) parts.push(`${d}${units.d}`)
  if (h) parts.push(`${h}${units.h}`)
  if (m && !d) parts.push(`${m}${units.m}`)
  if (!d && !h) parts.push(`${s}${units.s}`)
  return parts.join(' ')
}

/**
 * What a queue or quota holds, for a form's hint: its cards, or, for a CPU-only pool, its cores; a default queue holds
 * nothing of its own (it shares its cluster on demand), which it says rather than "0 cards".
 */
export function poolUsage(
  t: (key: string, values: Record<string, unknown>) => string,
  capacity: { cards: number; cpuCores: number },
  allocated?: { cards: number; cpuCores: number },
): string {
  if (capacity.cards > 0) return t('training.poolUsage', { cards: capacity.cards, used: allocated?.cards ?? 0 })
  if (capacity.cpuCores > 0) return t('training.poolUsageCpu', { cores: capacity.cpuCores, used: allocated?.cpuCores ?? 0 })
  return t('training.poolShared', {})
}

/** A size for people: 512 B, 1.5 KiB, 20.3 MiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} ${units[0]}` : `${value.toFixed(1)} ${units[unit]}`
}
