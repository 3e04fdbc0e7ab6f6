import { lengthArg } from './check-args.js'
import { appendCheck, type CheckMessage, messageOf, nodeOf, Schema } from './schema.js'
import type { AnySchema, ArrayCheck, ArrayNode } from './schema-node.js'

/**
 * An array whose every element matches `element`. An array longer than its `max` is rejected
 * without visiting its elements.
 *
 * @example
 * ```ts
 * schema.array(schema.string()).nonempty().max(10).parse(['a']) // Ok(['a'])
 * ```
 */
export class ArraySchema<Out = unknown, In = Out> extends Schema<Out[], In[]> {
  /** The schema of the elements. */
  get element(): AnySchema {
    return (nodeOf(this) as ArrayNode).element
  }

  /** At least `length` elements. */
  min(length: number, message?: CheckMessage): this {
    return this.#check({ kind: 'min', value: lengthArg('array().min', length), message: messageOf(message) })
  }

  /** At most `length` elements. */
  max(length: number, message?: CheckMessage): this {
    return this.#check({ kind: 'max', value: lengthArg('array().max', length), message: messageOf(message) })
  }

  /** Exactly `length` elements. */
  length(length: number, message?: CheckMessage): this {
    return this.#check({ kind: 'length', value: lengthArg('array().length', length), message: messageOf(message) })
  }

  /** At least one element. */
  nonempty(message?: CheckMessage): this {
    return this.min(1, message)
  }

  #check(check: ArrayCheck): this {
    return appendCheck(this, check)
  }
}
