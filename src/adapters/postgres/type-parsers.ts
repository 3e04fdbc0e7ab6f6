/**
 * One mapping from PostgreSQL text values to JavaScript on both engines, so results do not change
 * when an application moves from PGlite to a server. Drivers differ by default (`pg` returns
 * `int8` as a string and `date` as a local-time Date; PGlite returns `int8` as a number when it
 * fits), so Kairo sets these parsers on both.
 * @internal
 */

/** PostgreSQL type ids Kairo parses itself. */
export const OID = {
  int8: 20,
  int8Array: 1016,
  date: 1082,
  dateArray: 1182,
  timestamp: 1114,
  timestampArray: 1115,
  bytea: 17,
} as const

/** `int8` → `bigint`: lossless, unlike a number, and typed, unlike a string. */
export function parseInt8(value: string): bigint {
  return BigInt(value)
}

/** `date` → `'YYYY-MM-DD'`: a calendar date has no time zone, so it must not become a Date. */
export function parseDate(value: string): string {
  return value
}

/** `timestamp` (without zone) → Date read as UTC, independent of the process time zone. */
export function parseTimestampAsUtc(value: string): Date | number {
  if (value === 'infinity') return Number.POSITIVE_INFINITY
  if (value === '-infinity') return Number.NEGATIVE_INFINITY
  const bc = value.endsWith(' BC')
  const iso = `${(bc ? value.slice(0, -3) : value).replace(' ', 'T')}Z`
  const date = new Date(iso)
  if (bc) date.setUTCFullYear(1 - date.getUTCFullYear())
  return date
}

/** Parses a one-dimensional PostgreSQL array literal (`{1,2,NULL}`) of unquoted-safe elements. */
export function parseSimpleArray<T>(value: string, element: (text: string) => T): Array<T | null> {
  if (value === '{}') return []
  return value
    .slice(1, -1)
    .split(',')
    .map((item) => {
      if (item === 'NULL') return null
      const text = item.startsWith('"') ? item.slice(1, -1).replace(/\\(.)/g, '$1') : item
      return element(text)
    })
}
