import { numberArg } from './check-args.js'
import { appendCheck, type CheckMessage, messageOf, Schema } from './schema.js'
import type { NumberCheck } from './schema-node.js'

/**
 * A number schema. `NaN` is always rejected; `Infinity` is accepted unless `.finite()` (or `.int()`).
 *
 * @example
 * ```ts
 * const Quantity = schema.number().int().positive().max(1000)
 * Quantity.parse(3) // Ok(3)
 * ```
 */
export class NumberSchema extends Schema<number> {
  /** `>= value`. */
  min(value: number, message?: CheckMessage): this {
    return this.#check({
      kind: 'min',
      value: numberArg('number().min', value),
      inclusive: true,
      message: messageOf(message),
    })
  }

  /** `<= value`. */
  max(value: number, message?: CheckMessage): this {
    return this.#check({
      kind: 'max',
      value: numberArg('number().max', value),
      inclusive: true,
      message: messageOf(message),
    })
  }

  /** `>= value` (same as `min`). */
  gte(value: number, message?: CheckMessage): this {
    return this.min(value, message)
  }

  /** `<= value` (same as `max`). */
  lte(value: number, message?: CheckMessage): this {
    return this.max(value, message)
  }

  /** `> value`. */
  gt(value: number, message?: CheckMessage): this {
    return this.#check({
      kind: 'min',
      value: numberArg('number().gt', value),
      inclusive: false,
      message: messageOf(message),
    })
  }

  /** `< value`. */
  lt(value: number, message?: CheckMessage): this {
    return this.#check({
      kind: 'max',
      value: numberArg('number().lt', value),
      inclusive: false,
      message: messageOf(message),
    })
  }

  /** `> 0`. */
  positive(message?: CheckMessage): this {
    return this.gt(0, message)
  }

  /** `>= 0`. */
  nonnegative(message?: CheckMessage): this {
    return this.min(0, message)
  }

  /** `< 0`. */
  negative(message?: CheckMessage): this {
    return this.lt(0, message)
  }

  /** `<= 0`. */
  nonpositive(message?: CheckMessage): this {
    return this.max(0, message)
  }

  /** A safe integer (`Number.isSafeInteger`). */
  int(message?: CheckMessage): this {
    return this.#check({ kind: 'int', message: messageOf(message) })
  }

  /** Not `Infinity` or `-Infinity`. */
  finite(message?: CheckMessage): this {
    return this.#check({ kind: 'finite', message: messageOf(message) })
  }

  /** A multiple of `step` (tolerant of binary fractions: 0.3 is a multiple of 0.1). */
  multipleOf(step: number, message?: CheckMessage): this {
    if (!(numberArg('number().multipleOf', step) > 0) || !Number.isFinite(step)) {
      throw new TypeError('number().multipleOf: expected a positive finite step')
    }
    return this.#check({ kind: 'multipleOf', value: step, message: messageOf(message) })
  }

  #check(check: NumberCheck): this {
    return appendCheck(this, check)
  }
}
