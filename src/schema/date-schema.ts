import { dateArg } from './check-args.js'
import { appendCheck, type CheckMessage, messageOf, Schema } from './schema.js'
import type { DateCheck } from './schema-node.js'

/**
 * A date: accepts a valid `Date` or an ISO 8601 string and returns a `Date`. With
 * `{ coerce: true }` it also reads epoch milliseconds and any string `Date` understands.
 *
 * @example
 * ```ts
 * schema.date().min(new Date('2020-01-01')).parse('2024-05-01T10:00:00Z') // Ok(Date 2024-05-01T10:00:00.000Z)
 * ```
 */
export class DateSchema extends Schema<Date, Date | string> {
  /** On or after `date`. */
  min(date: Date | string | number, message?: CheckMessage): this {
    return this.#check({ kind: 'min', value: dateArg('date().min', date), message: messageOf(message) })
  }

  /** On or before `date`. */
  max(date: Date | string | number, message?: CheckMessage): this {
    return this.#check({ kind: 'max', value: dateArg('date().max', date), message: messageOf(message) })
  }

  #check(check: DateCheck): this {
    return appendCheck(this, check)
  }
}
