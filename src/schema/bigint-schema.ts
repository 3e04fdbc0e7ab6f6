import { appendCheck, type CheckMessage, messageOf, Schema } from './schema.js'
import type { BigIntCheck } from './schema-node.js'

/**
 * A bigint schema; with `{ coerce: true }` it also reads safe integer numbers and integer strings.
 *
 * @example
 * ```ts
 * schema.bigint({ coerce: true }).min(0n).parse('9007199254740993') // Ok(9007199254740993n)
 * ```
 */
export class BigIntSchema extends Schema<bigint> {
  /** `>= value`. */
  min(value: bigint, message?: CheckMessage): this {
    return this.#check({ kind: 'min', value: big(value), inclusive: true, message: messageOf(message) })
  }

  /** `<= value`. */
  max(value: bigint, message?: CheckMessage): this {
    return this.#check({ kind: 'max', value: big(value), inclusive: true, message: messageOf(message) })
  }

  /** `> value`. */
  gt(value: bigint, message?: CheckMessage): this {
    return this.#check({ kind: 'min', value: big(value), inclusive: false, message: messageOf(message) })
  }

  /** `< value`. */
  lt(value: bigint, message?: CheckMessage): this {
    return this.#check({ kind: 'max', value: big(value), inclusive: false, message: messageOf(message) })
  }

  /** `> 0n`. */
  positive(message?: CheckMessage): this {
    return this.gt(0n, message)
  }

  /** `>= 0n`. */
  nonnegative(message?: CheckMessage): this {
    return this.min(0n, message)
  }

  #check(check: BigIntCheck): this {
    return appendCheck(this, check)
  }
}

function big(value: bigint): bigint {
  if (typeof value !== 'bigint') throw new TypeError(`bigint(): expected a bigint bound, got ${typeof value}`)
  return value
}
