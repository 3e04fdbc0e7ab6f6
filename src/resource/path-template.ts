import { ValidationError, type ValidationIssue } from '../core/errors.js'
import { Err, Ok, type Result } from '../core/result.js'

/** A parsed path template such as `/users/:id/orders/:orderId`. */
export interface PathTemplate {
  readonly template: string
  /** Each segment: a literal, or a parameter name. */
  readonly segments: readonly PathSegment[]
  /** The parameter names, in order. */
  readonly paramNames: readonly string[]
}

type PathSegment = { readonly literal: string } | { readonly param: string }

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
// Characters a literal segment may hold without encoding (RFC 3986 pchar, `%` escapes included).
const LITERAL_SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*$/

/**
 * Parses a path template. A bad template is a programming mistake and throws at definition time.
 *
 * @internal
 */
export function parsePathTemplate(template: string): PathTemplate {
  if (!template.startsWith('/')) throw new TypeError(`path ${JSON.stringify(template)} must start with /`)
  const segments: PathSegment[] = []
  const paramNames: string[] = []
  for (const part of template.slice(1).split('/')) {
    if (part.startsWith(':')) {
      const name = part.slice(1)
      if (!PARAM_NAME.test(name)) throw new TypeError(`path ${template}: bad parameter name ${JSON.stringify(part)}`)
      if (paramNames.includes(name)) throw new TypeError(`path ${template}: parameter :${name} appears twice`)
      paramNames.push(name)
      segments.push({ param: name })
    } else {
      if (!LITERAL_SEGMENT.test(part) || part === '.' || part === '..') {
        throw new TypeError(`path ${template}: segment ${JSON.stringify(part)} is not a plain path segment`)
      }
      segments.push({ literal: part })
    }
  }
  return Object.freeze({ template, segments: Object.freeze(segments), paramNames: Object.freeze(paramNames) })
}

/**
 * The path with each parameter URL-encoded as one segment (`encodeURIComponent`), so a value can
 * never add segments, climb out (`..`), or start a query or fragment. Values that cannot stand as
 * a segment (`''`, `.`, `..`: URL parsers resolve dot segments even when percent-encoded) and
 * values that are not strings or finite numbers are issues.
 *
 * @internal
 */
export function buildPath(path: PathTemplate, params: unknown): Result<ValidationError, string> {
  let out = ''
  const issues: ValidationIssue[] = []
  const record = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>
  for (const segment of path.segments) {
    if ('literal' in segment) {
      out += `/${segment.literal}`
      continue
    }
    const encoded = encodeSegment(record[segment.param])
    if (typeof encoded === 'string') out += `/${encoded}`
    else issues.push({ path: [segment.param], ...encoded })
  }
  return issues.length > 0 ? new Err(new ValidationError(issues)) : new Ok(out)
}

function encodeSegment(value: unknown): string | Omit<ValidationIssue, 'path'> {
  let text: string
  if (typeof value === 'string') text = value
  else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') text = String(value)
  else {
    const received = value === undefined ? 'undefined' : value === null ? 'null' : typeof value
    return {
      code: 'invalid_type',
      message: value === undefined ? 'is required' : 'must be a string or a finite number',
      expected: 'string | number',
      received,
    }
  }
  if (text === '' || text === '.' || text === '..') {
    return { code: 'invalid_path_segment', message: 'cannot be empty, "." or ".." in a URL path', received: text }
  }
  try {
    return encodeURIComponent(text)
  } catch {
    return { code: 'invalid_string', message: 'contains a lone surrogate, which has no URL encoding' }
  }
}

/**
 * Matches a raw request path (no query) against the template: the decoded parameters, or
 * `undefined`. Used by mock servers.
 *
 * @internal
 */
export function matchPath(path: PathTemplate, rawPath: string): Record<string, string> | undefined {
  const parts = rawPath.split('/')
  if (parts[0] !== '' || parts.length - 1 !== path.segments.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < path.segments.length; i++) {
    const segment = path.segments[i]!
    const part = parts[i + 1]!
    if ('literal' in segment) {
      if (part !== segment.literal) return undefined
      continue
    }
    if (part === '') return undefined
    try {
      params[segment.param] = decodeURIComponent(part)
    } catch {
      return undefined
    }
  }
  return params
}

/** The template in OpenAPI form: `/users/{id}`. @internal */
export function openApiPath(path: PathTemplate): string {
  if (path.segments.length === 0) return '/'
  return path.segments.map((s) => ('literal' in s ? `/${s.literal}` : `/{${s.param}}`)).join('')
}
