/**
 * The string formats a schema checks. Every pattern here runs in linear time on any input (no
 * nested quantifiers over overlapping classes), so a hostile megabyte string cannot stall a parse.
 * @internal
 */
export const EMAIL_PATTERN =
  /^(?!\.)(?!.*\.\.)[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/

/** Any RFC 9562 textual UUID (any version), case-insensitive. @internal */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

/** ISO 8601 date or date-time, as `date()` accepts it without `coerce`. @internal */
export const ISO_DATE_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/

/** Integer strings `bigint({ coerce: true })` accepts. @internal */
export const INTEGER_PATTERN = /^[+-]?\d+$/

/** True for a string the WHATWG URL parser accepts with a scheme. @internal */
export function isUrl(value: string): boolean {
  return URL.canParse(value)
}

/** Reads an ISO 8601 (or, with `coerce`, any Date-readable) string or number as a valid Date. @internal */
export function readDate(value: unknown, coerce: boolean): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value
  if (typeof value === 'string') {
    if (!coerce && !ISO_DATE_PATTERN.test(value)) return undefined
    const date = new Date(value)
    return Number.isNaN(date.getTime()) ? undefined : date
  }
  if (coerce && typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value)
    return Number.isNaN(date.getTime()) ? undefined : date
  }
  return undefined
}

/** Reads a bigint, or (with `coerce`) a safe integer number or an integer string. @internal */
export function readBigInt(value: unknown, coerce: boolean): bigint | undefined {
  if (typeof value === 'bigint') return value
  if (!coerce) return undefined
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && value.length <= 4096 && INTEGER_PATTERN.test(value)) return BigInt(value)
  return undefined
}

const compiled = new Map<string, RegExp>()

/**
 * A RegExp for a `regex` check, never global or sticky (so `test` keeps no state), compiled once
 * per pattern and shared (the interpreter asks for it on every check).
 * @internal
 */
export function checkRegExp(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`
  let regex = compiled.get(key)
  if (regex === undefined) {
    regex = new RegExp(source, flags.replace(/[gy]/g, ''))
    if (compiled.size < 10_000) compiled.set(key, regex)
  }
  return regex
}
