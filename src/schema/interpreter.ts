import type { ValidationIssue } from '../core/errors.js'
import { settings } from './configure.js'
import { checkRegExp, EMAIL_PATTERN, isUrl, readBigInt, readDate, UUID_PATTERN } from './formats.js'
import {
  arrayIssue,
  asyncIssue,
  bigintIssue,
  customIssue,
  cyclicIssue,
  dateIssue,
  discriminatorIssue,
  enumIssue,
  Failure,
  type IssuePath,
  intersectionIssue,
  invalidDateIssue,
  keyIssue,
  literalIssue,
  numberIssue,
  refineIssue,
  stringIssue,
  threwIssue,
  tooDeepIssue,
  tupleLengthIssue,
  typeIssue,
  unknownKeysIssue,
  unreadableIssue,
} from './issues.js'
import {
  exhaustiveKeys,
  hasOwn,
  IN_PROGRESS,
  isMultiple,
  isObjectLike,
  isPromiseLike,
  MemoFailure,
  mergeValues,
  packTuple,
  readKey,
  resolveDefault,
  safeSet,
  tupleBounds,
  UNMERGEABLE,
  unionFailure,
} from './runtime-helpers.js'
import { nodeOf } from './schema.js'
import type { AnySchema, CustomIssue, LazyNode, SchemaEffect, SchemaNode, StringCheck } from './schema-node.js'

/**
 * The interpreter: walks the schema tree for each value. Used when code generation is off or not
 * allowed, for async parses without the compiler, and to re-check input whose reading threw in
 * compiled code: every read of the input is guarded here, so the issue lands on the exact path.
 *
 * One plain recursive implementation serves both modes. A synchronous parse reports an async
 * refinement as `async_schema`. `parseAsync` runs the same walk; when an effect returns a
 * promise, the walk stops, the promise is awaited and its outcome remembered (by effect and
 * path), and the walk starts again, now getting that outcome synchronously. Each async effect is
 * thus called once; synchronous refinements may run again on a later pass.
 * @internal
 */
const FAIL: unique symbol = Symbol('kairo.fail')
type Out = unknown
type Step = Out

/** Thrown to stop a pass that met an unresolved promise. */
class Pending {
  constructor(
    readonly key: string,
    readonly effect: object,
    readonly promise: PromiseLike<unknown>,
  ) {}
}

type Settled = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown }

interface Ctx {
  issues: ValidationIssue[] | undefined
  readonly path: IssuePath
  /** Outcomes of async effects by effect, then by path (async mode only). */
  readonly settled: Map<object, Map<string, Settled>> | undefined
  readonly maxDepth: number
  depth: number
  memo: Map<LazyNode['resolve'], Map<object, unknown>> | undefined
}

/** Parses synchronously: the output, or a `Failure`. @internal */
export function interpretSync(schema: AnySchema, value: unknown): unknown {
  const ctx = newCtx(undefined)
  return finish(ctx, run(schema, value, ctx))
}

/** Parses, awaiting async refinements and transforms. @internal */
export async function interpretAsync(schema: AnySchema, value: unknown): Promise<unknown> {
  const settled = new Map<object, Map<string, Settled>>()
  for (;;) {
    const ctx = newCtx(settled)
    try {
      return finish(ctx, run(schema, value, ctx))
    } catch (error) {
      if (!(error instanceof Pending)) throw error
      let outcome: Settled
      try {
        outcome = { ok: true, value: await error.promise }
      } catch (reason) {
        outcome = { ok: false, error: reason }
      }
      let byPath = settled.get(error.effect)
      if (byPath === undefined) {
        byPath = new Map()
        settled.set(error.effect, byPath)
      }
      byPath.set(error.key, outcome)
    }
  }
}

function newCtx(settled: Map<object, Map<string, Settled>> | undefined): Ctx {
  return { issues: undefined, path: [], settled, maxDepth: settings().maxDepth, depth: 0, memo: undefined }
}

function finish(ctx: Ctx, out: unknown): unknown {
  if (ctx.issues !== undefined && ctx.issues.length > 0) return new Failure(ctx.issues)
  return out === FAIL ? new Failure([]) : out
}

function report(ctx: Ctx, issue: ValidationIssue): typeof FAIL {
  if (ctx.issues === undefined) ctx.issues = [issue]
  else ctx.issues.push(issue)
  return FAIL
}

function here(ctx: Ctx): IssuePath {
  return ctx.path.slice()
}

function count(ctx: Ctx): number {
  return ctx.issues === undefined ? 0 : ctx.issues.length
}

/** Runs `body`, turning anything it throws (a getter, a proxy trap) into an `unreadable` issue. */
function guarded<T>(ctx: Ctx, body: () => T): T | typeof FAIL {
  try {
    return body()
  } catch (error) {
    return report(ctx, unreadableIssue(here(ctx), error))
  }
}

function run(schema: AnySchema, input: unknown, ctx: Ctx): Step {
  const node = nodeOf(schema)
  let value = input
  if (value === undefined && node.default !== undefined) {
    try {
      value = resolveDefault(node)
    } catch (error) {
      return report(ctx, threwIssue(here(ctx), error))
    }
  }
  if (value === undefined && node.optional) return undefined
  if (value === null && node.nullable) return null
  const before = count(ctx)
  let out = base(node, value, ctx)
  if (out === FAIL || count(ctx) !== before) return FAIL
  for (const effect of node.effects) {
    if (effect.kind === 'transform' && count(ctx) !== before) return FAIL
    let result: unknown
    try {
      result = runEffect(effect, out, ctx)
    } catch (error) {
      if (error instanceof Pending) throw error
      report(ctx, threwIssue(here(ctx), error))
      return FAIL
    }
    if (result === FAIL) return FAIL
    if (effect.kind === 'refine' && !result) report(ctx, refineIssue(here(ctx), effect))
    if (effect.kind === 'transform') out = result
  }
  return count(ctx) !== before ? FAIL : out
}

/** Calls an effect; an async outcome is an issue (sync mode) or a pause to await it (async mode). */
function runEffect(effect: SchemaEffect, value: unknown, ctx: Ctx): unknown {
  const key = ctx.settled && JSON.stringify(ctx.path)
  const known = key === undefined ? undefined : ctx.settled?.get(effect)?.get(key)
  if (known !== undefined) {
    if (!known.ok) throw known.error
    return known.value
  }
  const result =
    effect.kind === 'refine'
      ? (effect.check as (v: unknown) => unknown)(value)
      : effect.kind === 'superRefine'
        ? (effect.check as (v: unknown, c: unknown) => unknown)(value, refinementContext(ctx))
        : (effect.fn as (v: unknown, c: unknown) => unknown)(value, refinementContext(ctx))
  if (!isPromiseLike(result)) return result
  if (key === undefined) {
    Promise.resolve(result).catch(() => {})
    return report(ctx, asyncIssue(here(ctx)))
  }
  throw new Pending(key, effect, result)
}

function refinementContext(ctx: Ctx) {
  const path = here(ctx)
  return { path, addIssue: (issue: CustomIssue) => void report(ctx, customIssue(path, issue)) }
}

function base(node: SchemaNode, value: unknown, ctx: Ctx): Step {
  switch (node.kind) {
    case 'string':
      return typeof value === 'string'
        ? stringChecks(node.checks, value, ctx)
        : report(ctx, typeIssue(here(ctx), node, value))
    case 'number': {
      if (typeof value !== 'number' || Number.isNaN(value)) return report(ctx, typeIssue(here(ctx), node, value))
      for (const check of node.checks) {
        const ok =
          check.kind === 'min'
            ? check.inclusive
              ? value >= check.value
              : value > check.value
            : check.kind === 'max'
              ? check.inclusive
                ? value <= check.value
                : value < check.value
              : check.kind === 'int'
                ? Number.isSafeInteger(value)
                : check.kind === 'finite'
                  ? Number.isFinite(value)
                  : isMultiple(value, check.value)
        if (!ok) report(ctx, numberIssue(here(ctx), check, value))
      }
      return value
    }
    case 'bigint': {
      const n = readBigInt(value, node.coerce)
      if (n === undefined) return report(ctx, typeIssue(here(ctx), node, value))
      for (const check of node.checks) {
        const ok =
          check.kind === 'min'
            ? check.inclusive
              ? n >= check.value
              : n > check.value
            : check.inclusive
              ? n <= check.value
              : n < check.value
        if (!ok) report(ctx, bigintIssue(here(ctx), check, n))
      }
      return n
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : report(ctx, typeIssue(here(ctx), node, value))
    case 'date': {
      const date = guarded(ctx, () => readDate(value, node.coerce))
      if (date === FAIL) return FAIL
      if (date === undefined) {
        const isDateLike =
          value instanceof Date || typeof value === 'string' || (node.coerce && typeof value === 'number')
        return report(ctx, isDateLike ? invalidDateIssue(here(ctx), node, value) : typeIssue(here(ctx), node, value))
      }
      const time = date.getTime()
      for (const check of node.checks) {
        if (check.kind === 'min' ? time < check.value : time > check.value)
          report(ctx, dateIssue(here(ctx), check, date))
      }
      return date
    }
    case 'literal':
      return value === node.value ? value : report(ctx, literalIssue(here(ctx), node, value))
    case 'enum':
      return node.values.includes(value as string) ? value : report(ctx, enumIssue(here(ctx), node, value))
    case 'unknown':
    case 'any':
      return value
    case 'never':
      return report(ctx, typeIssue(here(ctx), node, value))
    case 'array':
      return arrayValue(node, value, ctx)
    case 'tuple':
      return tupleValue(node, value, ctx)
    case 'object':
      return objectValue(node, value, ctx)
    case 'record':
      return recordValue(node, value, ctx)
    case 'union': {
      const saved = ctx.issues
      const perOption: Array<ValidationIssue[] | undefined> = []
      for (const option of node.options) {
        ctx.issues = undefined
        const out = run(option, value, ctx)
        if (out !== FAIL && ctx.issues === undefined) {
          ctx.issues = saved
          return out
        }
        perOption.push(ctx.issues)
      }
      ctx.issues = saved
      for (const issue of unionFailure(here(ctx), node, value, perOption)) report(ctx, issue)
      return FAIL
    }
    case 'discriminatedUnion': {
      if (!isObjectLike(value)) return report(ctx, typeIssue(here(ctx), node, value))
      const tag = guarded(ctx, () => readKey(value, node.discriminator))
      if (tag === FAIL) return FAIL
      const option = node.mapping.get(tag as string)
      if (option === undefined) return report(ctx, discriminatorIssue(here(ctx), node, tag))
      return run(option, value, ctx)
    }
    case 'intersection': {
      const left = run(node.left, value, ctx)
      const right = run(node.right, value, ctx)
      if (left === FAIL || right === FAIL) return FAIL
      const merged = mergeValues(left, right)
      return merged === UNMERGEABLE ? report(ctx, intersectionIssue(here(ctx), value)) : merged
    }
    case 'lazy':
      return lazyValue(node, value, ctx)
  }
}

function stringChecks(checks: readonly StringCheck[], input: string, ctx: Ctx): Out {
  let value = input
  for (const check of checks) {
    let ok = true
    switch (check.kind) {
      case 'min':
        ok = value.length >= check.value
        break
      case 'max':
        ok = value.length <= check.value
        break
      case 'length':
        ok = value.length === check.value
        break
      case 'email':
        ok = EMAIL_PATTERN.test(value)
        break
      case 'uuid':
        ok = UUID_PATTERN.test(value)
        break
      case 'url':
        ok = isUrl(value)
        break
      case 'regex':
        ok = checkRegExp(check.source, check.flags).test(value)
        break
      case 'startsWith':
        ok = value.startsWith(check.value)
        break
      case 'endsWith':
        ok = value.endsWith(check.value)
        break
      case 'trim':
        value = value.trim()
        break
      case 'toLowerCase':
        value = value.toLowerCase()
        break
      case 'toUpperCase':
        value = value.toUpperCase()
        break
    }
    if (!ok) report(ctx, stringIssue(here(ctx), check, value))
  }
  return value
}

function arrayValue(node: SchemaNode & { kind: 'array' }, value: unknown, ctx: Ctx): Step {
  const isArray = guarded(ctx, () => Array.isArray(value))
  if (isArray === FAIL) return FAIL
  if (!isArray) return report(ctx, typeIssue(here(ctx), node, value))
  const list = value as unknown[]
  const length = guarded(ctx, () => list.length)
  if (length === FAIL) return FAIL
  let tooLong = false
  for (const check of node.checks) {
    const ok =
      check.kind === 'min'
        ? length >= check.value
        : check.kind === 'max'
          ? length <= check.value
          : length === check.value
    if (!ok) {
      report(ctx, arrayIssue(here(ctx), check, length))
      if (length > check.value) tooLong = true
    }
  }
  if (tooLong) return FAIL
  const out: unknown[] = []
  let failed = false
  for (let i = 0; i < length; i++) {
    ctx.path.push(i)
    const item = guarded(ctx, () => list[i])
    const r = item === FAIL ? FAIL : run(node.element, item, ctx)
    ctx.path.pop()
    if (r === FAIL) failed = true
    else out.push(r)
  }
  return failed ? FAIL : out
}

function tupleValue(node: SchemaNode & { kind: 'tuple' }, value: unknown, ctx: Ctx): Step {
  const isArray = guarded(ctx, () => Array.isArray(value))
  if (isArray === FAIL) return FAIL
  if (!isArray) return report(ctx, typeIssue(here(ctx), node, value))
  const list = value as unknown[]
  const length = guarded(ctx, () => list.length)
  if (length === FAIL) return FAIL
  const { min, max } = tupleBounds(node)
  if (length < min || length > max) {
    report(ctx, tupleLengthIssue(here(ctx), min, max, length))
    if (length > max) return FAIL
  }
  const out: unknown[] = []
  let failed = false
  for (let i = 0; i < node.items.length; i++) {
    ctx.path.push(i)
    const item = i < length ? guarded(ctx, () => list[i]) : undefined
    const r = item === FAIL ? FAIL : run(node.items[i]!, item, ctx)
    ctx.path.pop()
    if (r === FAIL) failed = true
    else if (i < length || r !== undefined) out[i] = r
  }
  if (node.rest !== undefined) {
    for (let i = node.items.length; i < length; i++) {
      ctx.path.push(i)
      const item = guarded(ctx, () => list[i])
      const r = item === FAIL ? FAIL : run(node.rest, item, ctx)
      ctx.path.pop()
      if (r === FAIL) failed = true
      else out[i] = r
    }
  }
  return failed ? FAIL : packTuple(out)
}

function objectValue(node: SchemaNode & { kind: 'object' }, value: unknown, ctx: Ctx): Step {
  const objectLike = guarded(ctx, () => isObjectLike(value))
  if (objectLike === FAIL) return FAIL
  if (!objectLike) return report(ctx, typeIssue(here(ctx), node, value))
  const input = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  let failed = false
  for (const key of node.keys) {
    ctx.path.push(key)
    const item = guarded(ctx, () => readKey(input, key))
    const r = item === FAIL ? FAIL : run(node.shape[key]!, item, ctx)
    ctx.path.pop()
    if (r === FAIL) failed = true
    else if (r !== undefined) safeSet(out, key, r)
  }
  if (node.unknownKeys === 'strip') return failed ? FAIL : out
  const extra = guarded(ctx, () => {
    const keys: string[] = []
    for (const key in input) if (hasOwn.call(input, key) && !hasOwn.call(node.shape, key)) keys.push(key)
    return keys
  })
  if (extra === FAIL) return FAIL
  if (node.unknownKeys === 'strict') {
    if (extra.length > 0) return report(ctx, unknownKeysIssue(here(ctx), node, extra))
  } else {
    for (const key of extra) {
      ctx.path.push(key)
      const item = guarded(ctx, () => input[key])
      ctx.path.pop()
      if (item === FAIL) failed = true
      else safeSet(out, key, item)
    }
  }
  return failed ? FAIL : out
}

function recordValue(node: SchemaNode & { kind: 'record' }, value: unknown, ctx: Ctx): Step {
  const objectLike = guarded(ctx, () => isObjectLike(value))
  if (objectLike === FAIL) return FAIL
  if (!objectLike) return report(ctx, typeIssue(here(ctx), node, value))
  const input = value as Record<string, unknown>
  const keys = guarded(ctx, () => {
    const list: string[] = []
    for (const key in input) if (hasOwn.call(input, key)) list.push(key)
    return list
  })
  if (keys === FAIL) return FAIL
  const out: Record<string, unknown> = {}
  let failed = false
  for (const key of keys) {
    const saved = ctx.issues
    ctx.issues = undefined
    const parsedKey = run(node.key, key, ctx)
    const keyIssues = ctx.issues as ValidationIssue[] | undefined
    ctx.issues = saved
    if (parsedKey === FAIL || keyIssues !== undefined) {
      report(ctx, keyIssue(here(ctx), key, keyIssues?.[0] ?? unreadableIssue([], 'invalid key')))
      failed = true
      continue
    }
    ctx.path.push(key)
    const item = guarded(ctx, () => input[key])
    const r = item === FAIL ? FAIL : run(node.value, item, ctx)
    ctx.path.pop()
    if (r === FAIL) failed = true
    else if (r !== undefined) safeSet(out, String(parsedKey), r)
  }
  const required = exhaustiveKeys(nodeOf(node.key))
  if (required) {
    for (const key of required) {
      if (hasOwn.call(input, key)) continue
      ctx.path.push(key)
      const r = run(node.value, undefined, ctx)
      ctx.path.pop()
      if (r === FAIL) failed = true
      else if (r !== undefined) safeSet(out, key, r)
    }
  }
  return failed ? FAIL : out
}

function lazyValue(node: LazyNode, value: unknown, ctx: Ctx): Step {
  if (ctx.depth >= ctx.maxDepth) return report(ctx, tooDeepIssue(here(ctx), ctx.maxDepth))
  const target = node.resolve()
  if (typeof value !== 'object' || value === null) {
    ctx.depth++
    const r = run(target, value, ctx)
    ctx.depth--
    return r
  }
  ctx.memo ??= new Map()
  let seen = ctx.memo.get(node.resolve)
  if (seen === undefined) {
    seen = new Map()
    ctx.memo.set(node.resolve, seen)
  }
  const known = seen.get(value)
  if (known === IN_PROGRESS) return report(ctx, cyclicIssue(here(ctx)))
  if (known instanceof MemoFailure) {
    for (const issue of known.replay(here(ctx))) report(ctx, issue)
    return FAIL
  }
  if (seen.has(value)) return known
  seen.set(value, IN_PROGRESS)
  const before = count(ctx)
  ctx.depth++
  const r = run(target, value, ctx)
  ctx.depth--
  if (r === FAIL || count(ctx) !== before) {
    seen.set(value, new MemoFailure(ctx.issues?.slice(before) ?? [], ctx.path.length))
    return FAIL
  }
  seen.set(value, r)
  return r
}
