import { ValidationError, type ValidationIssue } from '../core/errors.js'
import { Err, Ok, type Result } from '../core/result.js'
import { type StandardSchemaV1, validateStandard } from '../core/standard-schema.js'
import type { AuthOptions, HeadersOption, HttpMethod, RunOptions } from './operation-definition.js'
import { buildPath, type PathTemplate } from './path-template.js'
import { buildQuery } from './query-string.js'
import { resolveHeaders } from './request-headers.js'
import { ResourceConfigError } from './resource-errors.js'
import type { PreparedRequest } from './send-request.js'

/** What {@link prepareRequest} needs to know about an operation. @internal */
export interface RequestShape {
  readonly resource: string
  readonly operation: string
  readonly method: HttpMethod
  readonly path: PathTemplate
  readonly baseUrl: string | undefined
  readonly params: StandardSchemaV1 | undefined
  readonly query: StandardSchemaV1 | undefined
  readonly body: StandardSchemaV1 | undefined
  readonly resourceHeaders: HeadersOption | undefined
  readonly operationHeaders: HeadersOption | undefined
  readonly auth: AuthOptions | undefined
}

const NO_INPUT: Readonly<Record<string, unknown>> = Object.freeze({})
/** A value that failed its schema (its issues are already listed). */
const INVALID: unique symbol = Symbol('invalid')

/**
 * Turns an operation's input into a request: validates the path params, query and body with
 * their schemas (every issue at once, with paths into the input), encodes the path and query,
 * serialises the body as JSON and resolves the headers. Nothing is sent when anything is wrong.
 *
 * @internal
 */
export async function prepareRequest(
  shape: RequestShape,
  input: unknown,
  options: RunOptions | undefined,
): Promise<Result<ValidationError | ResourceConfigError, PreparedRequest>> {
  const name = `${shape.resource}.${shape.operation}`
  if (shape.baseUrl === undefined) return new Err(new ResourceConfigError(name, 'no baseUrl'))
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) {
    return new Err(
      new ValidationError([{ path: [], code: 'invalid_type', message: 'input must be an object', expected: 'object' }]),
    )
  }
  const fields = (input ?? NO_INPUT) as Record<string, unknown>
  const issues: ValidationIssue[] = []

  let params: unknown = fields
  if (shape.params) {
    const given: Record<string, unknown> = {}
    for (const key of shape.path.paramNames) if (key in fields) given[key] = fields[key]
    params = await validated(shape.params, given, [], issues)
  }
  let query: unknown
  if (shape.query) {
    const rest: Record<string, unknown> = {}
    for (const key of Object.keys(fields)) {
      if (key !== 'body' && !shape.path.paramNames.includes(key)) rest[key] = fields[key]
    }
    query = await validated(shape.query, rest, [], issues)
  }
  let body: string | undefined
  if (shape.body) {
    const value = await validated(shape.body, fields.body, ['body'], issues)
    if (value !== INVALID && value !== undefined) body = serialise(value, issues)
  }

  const path = params === INVALID ? undefined : buildPath(shape.path, params)
  if (path && !path.ok) issues.push(...path.error.issues)
  const search = query === INVALID ? undefined : buildQuery(query)
  if (search && !search.ok) issues.push(...search.error.issues)
  if (issues.length > 0 || !path?.ok || !search?.ok) return new Err(new ValidationError(issues))

  const url = `${shape.baseUrl}${path.value}${search.value}`
  const headers = await resolveHeaders(
    {
      resource: shape.resourceHeaders,
      operation: shape.operationHeaders,
      auth: shape.auth,
      call: options?.headers,
      idempotencyKey: options?.idempotencyKey,
      json: body !== undefined,
    },
    { resource: shape.resource, operation: shape.operation, method: shape.method, url },
  )
  if (!headers.ok) return new Err(headers.error)
  return new Ok({
    operation: name,
    method: shape.method,
    url,
    headers: headers.value.headers,
    credentials: headers.value.credentials,
    body,
  })
}

/** The schema's output, or {@link INVALID} with its issues (prefixed with `prefix`) added to `issues`. */
async function validated(
  schema: StandardSchemaV1,
  value: unknown,
  prefix: readonly (string | number)[],
  issues: ValidationIssue[],
): Promise<unknown> {
  const outcome = await validateStandard(schema, value)
  if (outcome.ok) return outcome.value
  for (const issue of outcome.error.issues) {
    issues.push(prefix.length ? { ...issue, path: [...prefix, ...issue.path] } : issue)
  }
  return INVALID
}

function serialise(value: unknown, issues: ValidationIssue[]): string | undefined {
  try {
    return JSON.stringify(value)
  } catch (error) {
    issues.push({
      path: ['body'],
      code: 'unserializable',
      message: `cannot be sent as JSON: ${error instanceof Error ? error.message : String(error)}`,
    })
    return undefined
  }
}
