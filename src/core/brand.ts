import { ValidationError } from './errors.js'
import { Result } from './result.js'

declare const brandTag: unique symbol

/**
 * A nominal type: `T` tagged with the name `B`, so a `UserId` cannot be passed where an
 * `OrderId` is expected even though both are strings. The tag exists only at compile time.
 *
 * @example
 * ```ts
 * import type { Brand } from 'kairo'
 * type UserId = Brand<string, 'UserId'>
 * ```
 */
export type Brand<T, B extends string> = T & { readonly [brandTag]: B }

/** A validating constructor for a branded type, made by {@link brand}. */
export interface BrandConstructor<T, B extends string> {
  /** Checks `value` and brands it, or returns a `ValidationError` saying why not. */
  (value: T): Result<ValidationError, Brand<T, B>>
  /** True when `value` passes the check; narrows it to the branded type. */
  is(value: T): value is Brand<T, B>
  /** Brands without checking: only for values already known good (read back from your own store). */
  unsafe(value: T): Brand<T, B>
  /** The brand's name. */
  readonly brandName: B
}

/**
 * Makes a validating constructor for `Brand<T, B>`. The check returns `true` when the value is
 * acceptable, or `false` / a message string when it is not.
 *
 * @example
 * ```ts
 * import { brand, type Brand } from 'kairo'
 *
 * const Email = brand('Email', (s: string) => s.includes('@') || 'must contain @')
 * type Email = Brand<string, 'Email'>
 *
 * Email('ada@example.com') // Ok('ada@example.com' as Email)
 * Email('nope')            // Err(ValidationError: must contain @)
 * ```
 */
export function brand<B extends string, T>(
  brandName: B,
  check: (value: T) => boolean | string,
): BrandConstructor<T, B> {
  const explain = (value: T): string | undefined => {
    const verdict = check(value)
    if (verdict === true) return undefined
    return typeof verdict === 'string' ? verdict : `not a valid ${brandName}`
  }
  const construct = (value: T): Result<ValidationError, Brand<T, B>> => {
    const problem = explain(value)
    if (problem === undefined) return Result.Ok(value as Brand<T, B>)
    return Result.Err(new ValidationError([{ path: [], code: 'invalid_brand', message: problem, expected: brandName }]))
  }
  return Object.assign(construct, {
    is: (value: T): value is Brand<T, B> => explain(value) === undefined,
    unsafe: (value: T) => value as Brand<T, B>,
    brandName,
  })
}
