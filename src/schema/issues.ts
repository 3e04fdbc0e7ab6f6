import { ValidationError, type ValidationIssue } from '../core/errors.js'
import { Err } from '../core/result.js'
import { type IssueMessageContext, settings } from './configure.js'
import type { IssueCode } from './issue-codes.js'
import { defaultMessage } from './messages.js'
import { nodeOf } from './schema.js'
import type {
  ArrayCheck,
  BigIntCheck,
  CustomIssue,
  DateCheck,
  NumberCheck,
  SchemaNode,
  StringCheck,
} from './schema-node.js'

/**
 * Issue construction shared by the compiled and the interpreted paths, so both report exactly the
 * same issues. Generated code calls these through its closure.
 * @internal
 */
export type IssuePath = Array<string | number>

/**
 * A failed parse as a `Result`. The `ValidationError` is built without a stack trace: it is a
 * value describing the input, not a fault in the program, and capturing a stack would make
 * rejecting bad input several times slower. (`assert()` throws an error with a stack.)
 * @internal
 */
export function failed(issues: ValidationIssue[]): Err<ValidationError, never> {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return new Err(new ValidationError(issues))
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** The outcome of a failed parse (a value no schema output can be). @internal */
export class Failure {
  constructor(readonly issues: ValidationIssue[]) {}
}

function make(
  code: IssueCode,
  path: IssuePath,
  expected: string | undefined,
  received: string | undefined,
  params: Record<string, unknown>,
  custom: string | undefined,
): ValidationIssue {
  const ctx: IssueMessageContext = { code, path, expected, received, params }
  let message = custom
  if (message === undefined) {
    const configured = settings().messages[code]
    message =
      configured === undefined ? defaultMessage(ctx) : typeof configured === 'string' ? configured : configured(ctx)
  }
  const issue: { -readonly [K in keyof ValidationIssue]: ValidationIssue[K] } = { path, code, message }
  if (expected !== undefined) issue.expected = expected
  if (received !== undefined) issue.received = received
  return issue
}

/** Appends to a possibly absent issue list. @internal */
export function push(list: ValidationIssue[] | undefined, issue: ValidationIssue): ValidationIssue[] {
  if (list === undefined) return [issue]
  list.push(issue)
  return list
}

/** A short, never-throwing name for the type of a value: `'string'`, `'array'`, `'NaN'`, … @internal */
export function typeName(value: unknown): string {
  try {
    if (value === null) return 'null'
    const t = typeof value
    if (t === 'number') return Number.isNaN(value) ? 'NaN' : 'number'
    if (t !== 'object') return t
    if (Array.isArray(value)) return 'array'
    if (value instanceof Date) return 'date'
    return 'object'
  } catch {
    return 'unreadable'
  }
}

/** A short, never-throwing JSON-ish rendering of a primitive, for `received`. @internal */
export function show(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value)
    case 'number':
    case 'boolean':
      return String(value)
    case 'bigint':
      return `${value}n`
    case 'undefined':
      return 'undefined'
    default:
      return typeName(value)
  }
}

/** The type a node expects, as shown in `expected` of an `invalid_type` issue. @internal */
export function expectedType(node: SchemaNode): string {
  switch (node.kind) {
    case 'record':
      return 'object'
    case 'tuple':
      return 'array'
    case 'discriminatedUnion':
      return 'object'
    case 'literal':
      return show(node.value)
    case 'enum':
      return node.values.map(show).join(' | ')
    case 'union':
      return node.options.map((o) => expectedType(nodeOf(o))).join(' | ')
    case 'intersection':
      return `${expectedType(nodeOf(node.left))} & ${expectedType(nodeOf(node.right))}`
    case 'lazy':
      return expectedType(nodeOf(node.resolve()))
    default:
      return node.kind
  }
}

/** The value is of the wrong type, or missing. @internal */
export function typeIssue(path: IssuePath, node: SchemaNode, value: unknown): ValidationIssue {
  const type = expectedType(node)
  return make('invalid_type', path, type, typeName(value), { type, missing: value === undefined }, node.message)
}

function limitIssue(
  path: IssuePath,
  tooSmall: boolean,
  origin: string,
  op: string,
  limit: number | bigint | string,
  inclusive: boolean,
  received: string,
  message: string | undefined,
): ValidationIssue {
  const subject = origin === 'string' || origin === 'array' ? 'length ' : ''
  const expected = `${subject}${op} ${String(limit)}`
  return make(
    tooSmall ? 'too_small' : 'too_big',
    path,
    expected,
    `${subject}${received}`,
    { origin, limit, inclusive },
    message,
  )
}

/** A string check failed. @internal */
export function stringIssue(path: IssuePath, check: StringCheck, value: string): ValidationIssue {
  const len = String(value.length)
  switch (check.kind) {
    case 'min':
      return limitIssue(path, true, 'string', '>=', check.value, true, len, check.message)
    case 'max':
      return limitIssue(path, false, 'string', '<=', check.value, true, len, check.message)
    case 'length':
      return limitIssue(path, value.length < check.value, 'string', '=', check.value, true, len, check.message)
    case 'regex':
      return make(
        'invalid_string',
        path,
        `pattern /${check.source}/${check.flags}`,
        'string',
        { format: 'regex', pattern: check.source },
        check.message,
      )
    case 'startsWith':
      return make(
        'invalid_string',
        path,
        `starts with ${show(check.value)}`,
        'string',
        { format: 'startsWith', value: check.value },
        check.message,
      )
    case 'endsWith':
      return make(
        'invalid_string',
        path,
        `ends with ${show(check.value)}`,
        'string',
        { format: 'endsWith', value: check.value },
        check.message,
      )
    default:
      return make('invalid_string', path, check.kind, 'string', { format: check.kind }, check.message)
  }
}

/** A number check failed. @internal */
export function numberIssue(path: IssuePath, check: NumberCheck, value: number): ValidationIssue {
  const got = String(value)
  switch (check.kind) {
    case 'min':
      return limitIssue(
        path,
        true,
        'number',
        check.inclusive ? '>=' : '>',
        check.value,
        check.inclusive,
        got,
        check.message,
      )
    case 'max':
      return limitIssue(
        path,
        false,
        'number',
        check.inclusive ? '<=' : '<',
        check.value,
        check.inclusive,
        got,
        check.message,
      )
    case 'int':
      return make('not_integer', path, 'integer', got, {}, check.message)
    case 'finite':
      return make('not_finite', path, 'finite number', got, {}, check.message)
    case 'multipleOf':
      return make('not_multiple_of', path, `multiple of ${check.value}`, got, { step: check.value }, check.message)
  }
}

/** A bigint check failed. @internal */
export function bigintIssue(path: IssuePath, check: BigIntCheck, value: bigint): ValidationIssue {
  const small = check.kind === 'min'
  const op = small ? (check.inclusive ? '>=' : '>') : check.inclusive ? '<=' : '<'
  return limitIssue(path, small, 'bigint', op, check.value, check.inclusive, String(value), check.message)
}

/** A date check failed. @internal */
export function dateIssue(path: IssuePath, check: DateCheck, value: Date): ValidationIssue {
  const small = check.kind === 'min'
  return limitIssue(
    path,
    small,
    'date',
    small ? '>=' : '<=',
    new Date(check.value).toISOString(),
    true,
    value.toISOString(),
    check.message,
  )
}

/** A date was unreadable. @internal */
export function invalidDateIssue(path: IssuePath, node: SchemaNode, value: unknown): ValidationIssue {
  const received = value instanceof Date ? 'Invalid Date' : typeName(value)
  return make('invalid_date', path, 'valid date', received, {}, node.message)
}

/** An array length check failed. @internal */
export function arrayIssue(path: IssuePath, check: ArrayCheck, length: number): ValidationIssue {
  const len = String(length)
  switch (check.kind) {
    case 'min':
      return limitIssue(path, true, 'array', '>=', check.value, true, len, check.message)
    case 'max':
      return limitIssue(path, false, 'array', '<=', check.value, true, len, check.message)
    case 'length':
      return limitIssue(path, length < check.value, 'array', '=', check.value, true, len, check.message)
  }
}

/** A tuple has the wrong number of elements. @internal */
export function tupleLengthIssue(path: IssuePath, min: number, max: number, length: number): ValidationIssue {
  const tooSmall = length < min
  const limit = tooSmall ? min : max
  const op = min === max ? '=' : tooSmall ? '>=' : '<='
  return limitIssue(path, tooSmall, 'array', op, limit, true, String(length), undefined)
}

/** Not the literal. @internal */
export function literalIssue(path: IssuePath, node: SchemaNode & { kind: 'literal' }, value: unknown): ValidationIssue {
  return make('invalid_literal', path, show(node.value), show(value), { value: node.value }, node.message)
}

/** Not one of the enum values. @internal */
export function enumIssue(path: IssuePath, node: SchemaNode & { kind: 'enum' }, value: unknown): ValidationIssue {
  return make(
    'invalid_enum',
    path,
    node.values.map(show).join(' | '),
    show(value),
    { values: node.values },
    node.message,
  )
}

function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 10).map((k) => JSON.stringify(k.length > 64 ? `${k.slice(0, 64)}…` : k))
  return shown.join(', ') + (keys.length > 10 ? `, … (${keys.length - 10} more)` : '')
}

/** A strict object has unknown keys. @internal */
export function unknownKeysIssue(
  path: IssuePath,
  node: SchemaNode & { kind: 'object' },
  keys: string[],
): ValidationIssue {
  return make(
    'unrecognized_keys',
    path,
    node.keys.length === 0 ? 'no keys' : `only ${listKeys(node.keys)}`,
    listKeys(keys),
    { keys },
    undefined,
  )
}

/** No union option matched. @internal */
export function unionIssue(path: IssuePath, node: SchemaNode, value: unknown): ValidationIssue {
  const expected = expectedType(node)
  return make('invalid_union', path, expected, typeName(value), { type: expected }, node.message)
}

/** The discriminator is missing or unknown. @internal */
export function discriminatorIssue(
  path: IssuePath,
  node: SchemaNode & { kind: 'discriminatedUnion' },
  value: unknown,
): ValidationIssue {
  const values = [...node.mapping.keys()]
  return make(
    'invalid_discriminator',
    [...path, node.discriminator],
    values.map(show).join(' | '),
    show(value),
    { discriminator: node.discriminator, values },
    node.message,
  )
}

/** The two sides of an intersection gave values that cannot be merged. @internal */
export function intersectionIssue(path: IssuePath, value: unknown): ValidationIssue {
  return make('invalid_intersection', path, 'mergeable values', typeName(value), {}, undefined)
}

/** A record key failed its schema. @internal */
export function keyIssue(path: IssuePath, key: string, inner: ValidationIssue): ValidationIssue {
  return make(
    'invalid_key',
    [...path, key],
    inner.expected,
    show(key),
    { key, issue: inner.code },
    `invalid key: ${inner.message}`,
  )
}

/** Recursion went deeper than `maxDepth`. @internal */
export function tooDeepIssue(path: IssuePath, maxDepth: number): ValidationIssue {
  return make('too_deep', path, `depth <= ${maxDepth}`, `depth > ${maxDepth}`, { maxDepth }, undefined)
}

/** The input refers to itself. @internal */
export function cyclicIssue(path: IssuePath): ValidationIssue {
  return make('cyclic', path, 'acyclic value', 'cyclic reference', {}, undefined)
}

/** Describes a thrown value without ever throwing. @internal */
export function describeThrown(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message)
    return typeof error === 'string' ? error : typeName(error)
  } catch {
    return 'unknown error'
  }
}

/** Reading the input threw. @internal */
export function unreadableIssue(path: IssuePath, error: unknown): ValidationIssue {
  const reason = describeThrown(error)
  return make('unreadable', path, 'readable value', 'throwing value', { reason }, undefined)
}

/** A refinement returned false. @internal */
export function refineIssue(
  path: IssuePath,
  effect: { readonly message: string | undefined; readonly path: ReadonlyArray<string | number> },
): ValidationIssue {
  return make('custom', effect.path.length ? [...path, ...effect.path] : path, undefined, undefined, {}, effect.message)
}

/** A refinement or transform threw. @internal */
export function threwIssue(path: IssuePath, error: unknown): ValidationIssue {
  const reason = describeThrown(error)
  return make('custom', path, undefined, undefined, { reason }, reason)
}

/** An issue from `ctx.addIssue`. @internal */
export function customIssue(path: IssuePath, issue: CustomIssue): ValidationIssue {
  const extended = issue.path?.length ? [...path, ...issue.path] : path
  const made = make('custom', extended, issue.expected, issue.received, {}, String(issue.message))
  return issue.code === undefined ? made : { ...made, code: String(issue.code) }
}

/** A refinement or transform returned a Promise during a synchronous parse. @internal */
export function asyncIssue(path: IssuePath): ValidationIssue {
  return make('async_schema', path, 'synchronous schema', 'Promise', {}, undefined)
}
