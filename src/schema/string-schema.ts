import { lengthArg } from './check-args.js'
import { appendCheck, type CheckMessage, messageOf, Schema } from './schema.js'
import type { StringCheck } from './schema-node.js'

/**
 * A string schema. Checks and normalisations run in the order they were added, so
 * `.trim().min(1)` measures the trimmed string.
 *
 * @example
 * ```ts
 * const Email = schema.string().trim().toLowerCase().email().max(254)
 * Email.parse('  Ada@Example.COM ') // Ok('ada@example.com')
 * ```
 */
export class StringSchema extends Schema<string> {
  /** At least `length` characters (UTF-16 code units). */
  min(length: number, message?: CheckMessage): this {
    return this.#check({ kind: 'min', value: lengthArg('string().min', length), message: messageOf(message) })
  }

  /** At most `length` characters. */
  max(length: number, message?: CheckMessage): this {
    return this.#check({ kind: 'max', value: lengthArg('string().max', length), message: messageOf(message) })
  }

  /** Exactly `length` characters. */
  length(length: number, message?: CheckMessage): this {
    return this.#check({ kind: 'length', value: lengthArg('string().length', length), message: messageOf(message) })
  }

  /** Not empty: `min(1)`. */
  nonempty(message?: CheckMessage): this {
    return this.min(1, message)
  }

  /** An e-mail address (a practical subset of RFC 5322, checked in linear time). */
  email(message?: CheckMessage): this {
    return this.#check({ kind: 'email', message: messageOf(message) })
  }

  /** A UUID in its textual form (any version). */
  uuid(message?: CheckMessage): this {
    return this.#check({ kind: 'uuid', message: messageOf(message) })
  }

  /** An absolute URL the WHATWG URL parser accepts. */
  url(message?: CheckMessage): this {
    return this.#check({ kind: 'url', message: messageOf(message) })
  }

  /** Matches `pattern` (its `g` and `y` flags are ignored, so checks keep no state). */
  regex(pattern: RegExp, message?: CheckMessage): this {
    if (!(pattern instanceof RegExp)) throw new TypeError('string().regex: expected a RegExp')
    return this.#check({ kind: 'regex', source: pattern.source, flags: pattern.flags, message: messageOf(message) })
  }

  /** Starts with `prefix`. */
  startsWith(prefix: string, message?: CheckMessage): this {
    return this.#check({ kind: 'startsWith', value: String(prefix), message: messageOf(message) })
  }

  /** Ends with `suffix`. */
  endsWith(suffix: string, message?: CheckMessage): this {
    return this.#check({ kind: 'endsWith', value: String(suffix), message: messageOf(message) })
  }

  /** Removes leading and trailing white space before the checks that follow. */
  trim(): this {
    return this.#check({ kind: 'trim' })
  }

  /** Lower-cases before the checks that follow. */
  toLowerCase(): this {
    return this.#check({ kind: 'toLowerCase' })
  }

  /** Upper-cases before the checks that follow. */
  toUpperCase(): this {
    return this.#check({ kind: 'toUpperCase' })
  }

  #check(check: StringCheck): this {
    return appendCheck(this, check)
  }
}
