import type { ValidationIssue } from '../core/errors.js'
import { type IssuePath, unionIssue } from './issues.js'
import { nodeOf } from './schema.js'
import type { SchemaNode } from './schema-node.js'

/**
 * Small operations the compiled and interpreted paths share, so both behave identically.
 * @internal
 */
export const hasOwn = Object.prototype.hasOwnProperty

/** Keys whose plain read would find something on `Object.prototype`: read them as own keys only. @internal */
export function isPrototypeKey(key: string): boolean {
  return key in Object.prototype
}

/** Reads `object[key]`, ignoring what `Object.prototype` provides for keys like `constructor`. @internal */
export function readKey(object: object, key: string): unknown {
  if (isPrototypeKey(key) && !hasOwn.call(object, key)) return undefined
  return (object as Record<string, unknown>)[key]
}

/** Sets an own, enumerable key, even `__proto__`, never touching the prototype. @internal */
export function safeSet(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  } else {
    target[key] = value
  }
}

/** True for what object-like schemas accept: a non-null object that is neither an array nor a Date. @internal */
export function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
}

/** True for a thenable (an async refinement or transform result). @internal */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/** Marks a value an intersection cannot merge. @internal */
export const UNMERGEABLE: unique symbol = Symbol('kairo.unmergeable')

/** Merges the outputs of an intersection's two sides. @internal */
export function mergeValues(a: unknown, b: unknown, depth = 0): unknown {
  if (a === b) return a
  if (a instanceof Date && b instanceof Date && a.getTime() === b.getTime()) return a
  if (depth > 64) return UNMERGEABLE
  if (isObjectLike(a) && isObjectLike(b) && !(a instanceof Date) && !(b instanceof Date)) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(a)) safeSet(out, key, a[key])
    for (const key of Object.keys(b)) {
      if (hasOwn.call(out, key)) {
        const merged = mergeValues(out[key], b[key], depth + 1)
        if (merged === UNMERGEABLE) return UNMERGEABLE
        safeSet(out, key, merged)
      } else {
        safeSet(out, key, b[key])
      }
    }
    return out
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const out: unknown[] = []
    for (let i = 0; i < a.length; i++) {
      const merged = mergeValues(a[i], b[i], depth + 1)
      if (merged === UNMERGEABLE) return UNMERGEABLE
      out.push(merged)
    }
    return out
  }
  return UNMERGEABLE
}

/** True when an option's issue says the value was not of that option's shape at all. */
function isMismatch(issue: ValidationIssue, depth: number): boolean {
  if (issue.code === 'invalid_literal' || issue.code === 'invalid_discriminator') return true
  return issue.path.length === depth && (issue.code === 'invalid_type' || issue.code === 'invalid_enum')
}

/**
 * The issues of a failed union. When exactly one option got past the type checks (its issues are
 * deeper, or are checks such as `too_small`), those issues are more useful than a bare
 * `invalid_union`, so they are reported instead.
 * @internal
 */
export function unionFailure(
  path: IssuePath,
  node: SchemaNode,
  value: unknown,
  perOption: ReadonlyArray<ValidationIssue[] | undefined>,
): ValidationIssue[] {
  let candidate: ValidationIssue[] | undefined
  let candidates = 0
  for (const issues of perOption) {
    if (!issues || issues.length === 0) continue
    if (!issues.some((i) => isMismatch(i, path.length))) {
      candidates++
      candidate = issues
    }
  }
  if (candidates === 1 && candidate) return candidate
  return [unionIssue(path, node, value)]
}

/** The keys a record with an enum or literal key schema must have. @internal */
export function exhaustiveKeys(keySchema: SchemaNode): string[] | undefined {
  if (keySchema.optional) return undefined
  switch (keySchema.kind) {
    case 'enum':
      return keySchema.values.map(String)
    case 'literal':
      return typeof keySchema.value === 'string' || typeof keySchema.value === 'number'
        ? [String(keySchema.value)]
        : undefined
    case 'union': {
      const keys: string[] = []
      for (const option of keySchema.options) {
        const inner = exhaustiveKeys(nodeOf(option))
        if (!inner) return undefined
        keys.push(...inner)
      }
      return keys
    }
    default:
      return undefined
  }
}

/** Fills the holes a tuple with missing optional items may have left. @internal */
export function packTuple(out: unknown[]): unknown[] {
  for (let i = 0; i < out.length; i++) if (!(i in out)) out[i] = undefined
  return out
}

/** The value of a default. @internal */
export function resolveDefault(node: SchemaNode): unknown {
  const fallback = node.default
  if (fallback === undefined) return undefined
  return fallback.kind === 'value' ? fallback.value : fallback.factory()
}

/** A memo entry of a recursive schema visit still under way: meeting it again means a cycle. @internal */
export const IN_PROGRESS: unique symbol = Symbol('kairo.inProgress')

/**
 * A memoised failure of a recursive schema on one object: its first issue, relative to that
 * object. Meeting the object again (a shared subtree) repeats that one issue at the new place
 * rather than all of them, so a graph whose paths multiply at every level costs linear work.
 * @internal
 */
export class MemoFailure {
  readonly issue: ValidationIssue | undefined
  constructor(issues: readonly ValidationIssue[], prefix: number) {
    const first = issues[0]
    this.issue = first && { ...first, path: first.path.slice(prefix) }
  }

  /** The remembered issue placed under `path`. */
  replay(path: IssuePath): ValidationIssue[] {
    return this.issue ? [{ ...this.issue, path: [...path, ...this.issue.path] }] : []
  }
}

/** `value % step === 0`, tolerant of binary fractions (0.3 is a multiple of 0.1). @internal */
export function isMultiple(value: number, step: number): boolean {
  const ratio = value / step
  return Math.abs(ratio - Math.round(ratio)) < 1e-9
}

/** The accepted lengths of a tuple: trailing optional items may be left out. @internal */
export function tupleBounds(node: SchemaNode & { kind: 'tuple' }): { min: number; max: number } {
  let min = node.items.length
  while (min > 0) {
    const item = nodeOf(node.items[min - 1]!)
    if (!item.optional && item.default === undefined) break
    min--
  }
  return { min, max: node.rest === undefined ? node.items.length : Number.POSITIVE_INFINITY }
}
