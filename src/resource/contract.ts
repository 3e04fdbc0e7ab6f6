import { isValidationError, type ValidationIssue } from '../core/errors.js'
import type { KairoErrorJSON } from '../core/kairo-error.js'
import { Err, Ok, type Result } from '../core/result.js'
import type { StandardSchemaV1 } from '../core/standard-schema.js'
import { isSchema, sample } from '../schema/index.js'
import type { HeaderValues, HttpMethod, OperationDefinition, OperationExample } from './operation-definition.js'
import { parsePathTemplate } from './path-template.js'
import type { Resource } from './resource.js'
import { isHttpError, isResponseValidationError } from './resource-errors.js'
import type { ResourceOperation } from './resource-operation.js'

/** Options of `contract().verify()`. */
export interface ContractVerifyOptions {
  /** Only these operations (default: all). */
  readonly operations?: readonly string[]
  /** Seeds generated inputs. Defaults to 1. */
  readonly seed?: number
  /** Extra headers for every call (credentials of a test account, say). */
  readonly headers?: HeaderValues
  /** The `fetch` to use. Defaults to the resource's. */
  readonly fetch?: typeof fetch
}

/** One call made by the verifier, and what matched. */
export interface ContractCheck {
  readonly operation: string
  /** The example's name, or `'generated'` for an input generated from the schemas. */
  readonly example: string
  readonly method: HttpMethod
  readonly path: string
  /** The input sent (when one could be made). */
  readonly input?: unknown
  /** The status the API answered, if it answered. */
  readonly status?: number
  /** The status expected: a number, or `'2xx'`. */
  readonly expectedStatus: number | '2xx'
  readonly statusMatched: boolean
  /** Whether a 2xx body matched the response schema (`undefined` when there was none to check). */
  readonly responseMatched?: boolean
  /** What did not match: response schema issues, or the input's own issues. */
  readonly issues: readonly ValidationIssue[]
  /** The error of a call that failed otherwise (network, timeout, …). */
  readonly error?: KairoErrorJSON
  /** Why the operation could not be checked (no example, and schemas that cannot generate one). */
  readonly skipped?: string
  readonly ok: boolean
}

/** What `contract().verify()` found, per operation. */
export interface ContractReport {
  readonly baseUrl: string
  /** True when every check passed (skipped operations do not count as passing). */
  readonly ok: boolean
  readonly checks: readonly ContractCheck[]
  readonly operations: Readonly<Record<string, { readonly ok: boolean; readonly checks: readonly ContractCheck[] }>>
}

/**
 * Calls each operation of a live API with its examples (or an input generated from its Kairo
 * schemas with `sample()`) and reports, per call, whether the status and the response body matched.
 * `verifier` is the resource made for the check: pointed at the API, without cache, retries or
 * circuit breaker (see {@link contractDefinitions}), so the report shows the API as it is.
 *
 * @internal
 */
export async function verifyContract<Ops extends Record<string, OperationDefinition>>(
  verifier: Resource<Ops>,
  baseUrl: string,
  options: ContractVerifyOptions = {},
): Promise<ContractReport> {
  const checks: ContractCheck[] = []
  const operations: Record<string, { ok: boolean; checks: ContractCheck[] }> = {}
  for (const [name, definition] of Object.entries(verifier.definitions)) {
    if (options.operations && !options.operations.includes(name)) continue
    const operation = verifier.operations[name as keyof Ops & string] as unknown as ResourceOperation<unknown, unknown>
    const own: ContractCheck[] = []
    const examples = definition.examples?.length
      ? definition.examples
      : [generatedExample(definition, options.seed ?? 1)]
    for (const example of examples) own.push(await check(operation, definition, example, options.headers))
    operations[name] = { ok: own.every((c) => c.ok), checks: own }
    checks.push(...own)
  }
  return { baseUrl, ok: checks.length > 0 && checks.every((c) => c.ok), checks, operations }
}

/** The operations as the contract check calls them: no cache, no retries. @internal */
export function contractDefinitions<Ops extends Record<string, OperationDefinition>>(operations: Ops): Ops {
  const out: Record<string, OperationDefinition> = {}
  for (const [name, definition] of Object.entries(operations)) out[name] = { ...definition, retry: false, cache: false }
  return out as Ops
}

type Example = OperationExample | { readonly name: string; readonly skipped: string }

async function check(
  operation: ResourceOperation<unknown, unknown>,
  definition: OperationDefinition,
  example: Example,
  headers: HeaderValues | undefined,
): Promise<ContractCheck> {
  const expected: number | '2xx' =
    ('status' in example ? example.status : undefined) ?? definition.successStatus ?? '2xx'
  const base = {
    operation: operation.operation,
    example: example.name ?? 'example',
    method: operation.method,
    path: operation.path,
    expectedStatus: expected,
  }
  if ('skipped' in example) return { ...base, statusMatched: false, issues: [], skipped: example.skipped, ok: false }
  const matches = (status: number) => (expected === '2xx' ? status >= 200 && status < 300 : status === expected)
  const r = await operation.send(example.input, { cache: 'no-store', ...(headers ? { headers } : {}) })
  const sent = { ...base, input: example.input }
  if (r.ok) {
    const statusMatched = matches(r.value.status)
    const responseMatched = definition.response ? true : undefined
    return { ...sent, status: r.value.status, statusMatched, responseMatched, issues: [], ok: statusMatched }
  }
  const error = r.error
  if (isResponseValidationError(error)) {
    return {
      ...sent,
      status: error.status,
      statusMatched: matches(error.status),
      responseMatched: false,
      issues: error.issues,
      ok: false,
    }
  }
  if (isHttpError(error)) {
    const statusMatched = matches(error.status)
    return {
      ...sent,
      status: error.status,
      statusMatched,
      issues: [],
      ...(statusMatched ? {} : { error: error.toJSON() }),
      ok: statusMatched,
    }
  }
  const issues = isValidationError(error) ? error.issues : []
  return { ...sent, statusMatched: false, issues, error: error.toJSON(), ok: false }
}

/** An input made from the operation's schemas, or why none can be. */
function generatedExample(definition: OperationDefinition, seed: number): Example {
  const input: Record<string, unknown> = {}
  const path = parsePathTemplate(definition.path)
  const parts: [StandardSchemaV1 | undefined, 'params' | 'query' | 'body'][] = [
    [definition.params, 'params'],
    [definition.query, 'query'],
    [definition.body, 'body'],
  ]
  for (const [schema, part] of parts) {
    if (!schema) {
      if (part === 'params') for (const name of path.paramNames) input[name] = `sample-${name}`
      continue
    }
    const made = sampleOf(schema, `${seed}:${part}`)
    if (!made.ok) return { name: 'generated', skipped: `cannot generate ${part}: ${made.error}` }
    if (part === 'body') input.body = made.value
    else Object.assign(input, made.value)
  }
  return { name: 'generated', input }
}

function sampleOf(schema: StandardSchemaV1, seed: string): Result<string, unknown> {
  if (!isSchema(schema)) return new Err('not a Kairo schema; give the operation examples')
  const made = sample(schema, { seed })
  return made.ok ? new Ok(made.value) : new Err(made.error.message)
}
