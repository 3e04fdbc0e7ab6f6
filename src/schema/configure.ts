import type { IssueCode } from './issue-codes.js'

/** What a message function receives to word an issue (for translations). */
export interface IssueMessageContext {
  readonly code: IssueCode
  readonly path: ReadonlyArray<string | number>
  readonly expected: string | undefined
  readonly received: string | undefined
  /**
   * Structured facts about the issue, per code: `too_small`/`too_big` have `origin` (`'string'`,
   * `'number'`, `'bigint'`, `'array'`, `'date'`), `limit` and `inclusive`; `invalid_string` has
   * `format` and, for patterns, `pattern`; `invalid_enum` has `values`; `unrecognized_keys` has
   * `keys`; `invalid_type` has `type` (the expected type) and `missing` (the value was undefined).
   */
  readonly params: Readonly<Record<string, unknown>>
}

/** A fixed message, or a function that words it from the issue. */
export type IssueMessage = string | ((issue: IssueMessageContext) => string)

/** Process-wide settings of `kairo/schema`. */
export interface SchemaSettings {
  /**
   * Compile schemas to specialised functions with `new Function` on first use (default `true`).
   * `false` uses the interpreter, for environments whose Content-Security-Policy forbids code
   * generation; Kairo also falls back to it by itself when `new Function` throws.
   */
  readonly jit: boolean
  /**
   * How deep recursive (`lazy`) schemas may descend into the input before the parse stops with a
   * `too_deep` issue (default 512). Guards against stack exhaustion by hostile input.
   */
  readonly maxDepth: number
  /** Message per issue code, replacing the English defaults (per-check messages still win). */
  readonly messages: Readonly<Partial<Record<IssueCode, IssueMessage>>>
}

const defaults: SchemaSettings = Object.freeze({ jit: true, maxDepth: 512, messages: Object.freeze({}) })
let current: SchemaSettings = defaults
/** Bumped by every `configure` call, so schemas know when to rebuild their validators. @internal */
export let generation = 0

/**
 * Changes process-wide schema settings and returns the previous ones (pass them back to restore).
 * Options left out keep their current value.
 *
 * @example
 * ```ts
 * import { configure, schema } from 'kairo/schema'
 *
 * const previous = configure({
 *   messages: { too_small: (i) => `doit être au moins ${String(i.params.limit)}` },
 * })
 * schema.number().min(18).parse(3) // Err: 'doit être au moins 18'
 * configure(previous)
 * ```
 */
export function configure(options: Partial<SchemaSettings>): SchemaSettings {
  const previous = current
  const maxDepth = options.maxDepth ?? current.maxDepth
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1)
    throw new TypeError('configure: maxDepth must be a positive integer')
  current = Object.freeze({
    jit: options.jit ?? current.jit,
    maxDepth,
    messages: Object.freeze({ ...(options.messages ?? current.messages) }),
  })
  generation++
  return previous
}

/** The settings in force. @internal */
export function settings(): SchemaSettings {
  return current
}
