/**
 * Milliseconds a `Retry-After` header asks to wait: delay-seconds (`120`) or an HTTP date, read
 * against `now`. `undefined` when absent or unreadable; a date in the past is 0.
 *
 * @internal
 */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
