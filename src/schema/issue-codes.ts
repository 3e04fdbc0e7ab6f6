/**
 * The stable codes a Kairo schema puts on a {@link ValidationIssue}. They are part of the public
 * contract: never renamed, only added to. `docs/schema.md` has the table with `expected`/`received`.
 *
 * @example
 * ```ts
 * import { schema, ISSUE_CODES } from 'kairo/schema'
 *
 * const r = schema.number().min(18).parse(12)
 * if (!r.ok) r.error.issues[0].code // 'too_small'
 * ISSUE_CODES.includes('too_small') // true
 * ```
 */
export const ISSUE_CODES = [
  /** Wrong type, or a required value is missing (`received: 'undefined'`). */
  'invalid_type',
  /** Below a minimum: number, bigint, date, or the length of a string or array. */
  'too_small',
  /** Above a maximum. */
  'too_big',
  /** A number that must be an integer is not (or not a safe integer). */
  'not_integer',
  /** A number that must be finite is `Infinity` or `-Infinity`. */
  'not_finite',
  /** A number is not a multiple of the required step. */
  'not_multiple_of',
  /** A string does not match a format: email, uuid, url, regex, startsWith, endsWith. */
  'invalid_string',
  /** A date is `Invalid Date`, or a string is not an ISO 8601 date. */
  'invalid_date',
  /** Not the one allowed value. */
  'invalid_literal',
  /** Not one of the allowed values. */
  'invalid_enum',
  /** A strict object has keys its shape does not list. */
  'unrecognized_keys',
  /** No option of a union matched. */
  'invalid_union',
  /** The discriminator key of a discriminated union is missing or has an unknown value. */
  'invalid_discriminator',
  /** Both sides of an intersection parsed, but their outputs cannot be merged. */
  'invalid_intersection',
  /** A record key does not match the key schema. */
  'invalid_key',
  /** Recursive input nested deeper than `configure({ maxDepth })` allows. */
  'too_deep',
  /** Recursive input contains a reference to itself. */
  'cyclic',
  /** Reading the input threw (a getter, a proxy trap). */
  'unreadable',
  /** A refinement failed (or threw), or a transform reported a problem. */
  'custom',
  /** A refinement or transform returned a Promise during a synchronous parse: use `parseAsync`. */
  'async_schema',
] as const

/** One of {@link ISSUE_CODES}. */
export type IssueCode = (typeof ISSUE_CODES)[number]
