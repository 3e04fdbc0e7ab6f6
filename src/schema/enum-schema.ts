import { nodeOf, Schema } from './schema.js'
import type { EnumNode } from './schema-node.js'

/**
 * One of a fixed list of strings or numbers.
 *
 * @example
 * ```ts
 * const Status = schema.enum(['pending', 'paid', 'shipped'])
 * Status.options // ['pending', 'paid', 'shipped']
 * ```
 */
export class EnumSchema<T extends string | number = string | number> extends Schema<T> {
  /** The allowed values, in order. */
  get options(): readonly T[] {
    return (nodeOf(this) as EnumNode).values as readonly T[]
  }
}
