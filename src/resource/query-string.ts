import { ValidationError, type ValidationIssue } from '../core/errors.js'
import { Err, Ok, type Result } from '../core/result.js'

/**
 * The query string of a validated query object (`''` or `?a=1&b=x`), encoded by `URLSearchParams`.
 * Strings, numbers, bigints, booleans and dates (ISO 8601) are sent as they print; an array sends
 * its key once per element; `undefined` and `null` are left out; anything else is an issue.
 *
 * @internal
 */
export function buildQuery(query: unknown): Result<ValidationError, string> {
  if (query === undefined || query === null) return new Ok('')
  if (typeof query !== 'object' || Array.isArray(query)) {
    return new Err(
      new ValidationError([{ path: [], code: 'invalid_type', message: 'query must be an object', expected: 'object' }]),
    )
  }
  const search = new URLSearchParams()
  const issues: ValidationIssue[] = []
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    const values: readonly unknown[] = Array.isArray(value) ? value : [value]
    values.forEach((item, index) => {
      const text = queryText(item)
      if (text !== undefined) search.append(key, text)
      else {
        const path = Array.isArray(value) ? [key, index] : [key]
        issues.push({
          path,
          code: 'invalid_query_value',
          message: 'must be a string, number, boolean, date or an array of them',
        })
      }
    })
  }
  if (issues.length > 0) return new Err(new ValidationError(issues))
  const text = search.toString()
  return new Ok(text === '' ? '' : `?${text}`)
}

function queryText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined
    case 'bigint':
    case 'boolean':
      return String(value)
    default:
      return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined
  }
}
