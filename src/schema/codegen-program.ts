import { Ok } from '../core/result.js'
import { settings } from './configure.js'
import { EMAIL_PATTERN, isUrl, readBigInt, readDate, UUID_PATTERN } from './formats.js'
import * as issues from './issues.js'
import { numberLiteral, stringLiteral } from './js-literal.js'
import * as helpers from './runtime-helpers.js'
import { nodeOf } from './schema.js'
import type { CustomIssue, Primitive, SchemaNode } from './schema-node.js'

/**
 * Shared machinery of the two code generators (parse and check): closure references, fresh
 * variable names, literals and the final `new Function` call.
 *
 * Safety rule: user-provided text reaches generated code only as string literals made by
 * {@link stringLiteral} (keys, literal and enum values); messages, patterns, default values,
 * refinements and transforms are passed as closure references (`R0`, `R1`, …), never spliced.
 * @internal
 */
export class CodegenProgram {
  readonly #refs: unknown[] = []
  readonly #refIndex = new Map<unknown, number>()
  readonly #hoisted: string[] = []
  #counter = 0

  /** A closure reference to `value`, as an identifier usable in generated code. */
  ref(value: unknown): string {
    let index = this.#refIndex.get(value)
    if (index === undefined) {
      index = this.#refs.length
      this.#refs.push(value)
      this.#refIndex.set(value, index)
    }
    return `R${index}`
  }

  /** A fresh identifier with the given prefix. */
  name(prefix: string): string {
    return `${prefix}${this.#counter++}`
  }

  /** Adds a top-level function declaration to the generated module. */
  hoist(source: string): void {
    this.#hoisted.push(source)
  }

  /** A literal for a primitive: inline for strings, booleans, null, undefined and finite numbers. */
  literal(value: Primitive): string {
    if (typeof value === 'string') return stringLiteral(value)
    if (typeof value === 'boolean') return String(value)
    if (value === null) return 'null'
    if (value === undefined) return 'undefined'
    if (typeof value === 'number') return numberLiteral(value) ?? this.ref(value)
    return this.ref(value)
  }

  /** Builds the function: `body` is the source of a function expression returned by the module. */
  build<T>(body: string): T {
    const names = this.#refs.map((_, i) => `R${i}`)
    const source = [
      '"use strict";',
      names.length ? `const [${names.join(', ')}] = refs;` : '',
      `const { ${Object.keys(H).join(', ')} } = H;`,
      ...this.#hoisted,
      `return ${body};`,
    ].join('\n')
    const factory = new Function('refs', 'H', source) as (refs: unknown[], h: typeof H) => T
    return factory(this.#refs, H)
  }
}

/** What the fast path returns when it gives up (never a schema output). @internal */
export const FAST_FAIL: unique symbol = Symbol('kairo.fastFail')

/** What generated code can call, by the names it uses. @internal */
export const H = {
  $F: FAST_FAIL,
  $Ok: Ok,
  $failed: issues.failed,
  $Failure: issues.Failure,
  $push: issues.push,
  $typeIssue: issues.typeIssue,
  $stringIssue: issues.stringIssue,
  $numberIssue: issues.numberIssue,
  $bigintIssue: issues.bigintIssue,
  $dateIssue: issues.dateIssue,
  $invalidDateIssue: issues.invalidDateIssue,
  $arrayIssue: issues.arrayIssue,
  $tupleLengthIssue: issues.tupleLengthIssue,
  $literalIssue: issues.literalIssue,
  $enumIssue: issues.enumIssue,
  $unknownKeysIssue: issues.unknownKeysIssue,
  $discriminatorIssue: issues.discriminatorIssue,
  $intersectionIssue: issues.intersectionIssue,
  $keyIssue: issues.keyIssue,
  $tooDeepIssue: issues.tooDeepIssue,
  $cyclicIssue: issues.cyclicIssue,
  $refineIssue: issues.refineIssue,
  $threwIssue: issues.threwIssue,
  $asyncIssue: issues.asyncIssue,
  $unionFailure: helpers.unionFailure,
  $hasOwn: helpers.hasOwn,
  $safeSet: helpers.safeSet,
  $mergeValues: helpers.mergeValues,
  $UNMERGEABLE: helpers.UNMERGEABLE,
  $isPromiseLike: helpers.isPromiseLike,
  $resolveDefault: helpers.resolveDefault,
  $packTuple: helpers.packTuple,
  $IN_PROGRESS: helpers.IN_PROGRESS,
  $MemoFailure: helpers.MemoFailure,
  $EMAIL: EMAIL_PATTERN,
  $UUID: UUID_PATTERN,
  $isUrl: isUrl,
  $readDate: readDate,
  $readBigInt: readBigInt,
  $isMultiple: helpers.isMultiple,
  $maxDepth: () => settings().maxDepth,
  $swallow: (value: PromiseLike<unknown>) => void Promise.resolve(value).catch(() => {}),
  $refineCtx: (path: issues.IssuePath, add: (issue: ReturnType<typeof issues.customIssue>) => void) => ({
    path,
    addIssue: (issue: CustomIssue) => add(issues.customIssue(path, issue)),
  }),
}

/** Code reading `key` of the object in `x`; keys `Object.prototype` has are read as own keys only. @internal */
export function readCode(x: string, key: string): string {
  const k = stringLiteral(key)
  return helpers.isPrototypeKey(key) ? `($hasOwn.call(${x}, ${k}) ? ${x}[${k}] : undefined)` : `${x}[${k}]`
}

/** A property name for an object literal; `__proto__` is computed so it stays an own key. @internal */
export function propertyName(key: string): string {
  return key === '__proto__' ? '["__proto__"]' : stringLiteral(key)
}

/** Whether a node's output may be `undefined` (its key is then left out of the parent). @internal */
export function mayBeUndefined(node: SchemaNode): boolean {
  if (node.optional || node.effects.some((e) => e.kind === 'transform')) return true
  switch (node.kind) {
    case 'unknown':
    case 'any':
    case 'lazy':
    case 'intersection':
      return true
    case 'literal':
      return node.value === undefined
    case 'union':
    case 'discriminatedUnion':
      return node.options.some((o) => mayBeUndefined(nodeOf(o)))
    default:
      return false
  }
}

/**
 * True when a `Date` can never pass this object schema because some field requires a value a
 * Date does not have (a required key that is not on `Date.prototype`). The check and fast paths
 * then skip their `instanceof Date` test; the issue-collecting parser keeps it for its exact
 * `invalid_type` issue. @internal
 */
export function excludesDates(node: SchemaNode & { kind: 'object' }): boolean {
  return node.keys.some((key) => {
    const field = nodeOf(node.shape[key]!)
    return !(key in Date.prototype) && field.default === undefined && !mayBeUndefined(field)
  })
}
