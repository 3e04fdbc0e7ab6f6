/**
 * `Result<E, T>`: the outcome of a fallible operation, as a value.
 *
 * Kairo never throws for expected failures; it returns `Result.Err(error)`. `throw` is kept for
 * programmer mistakes found at definition time. Both variants carry the same methods, so a result
 * can be transformed without first checking which one it is.
 *
 * @example
 * ```ts
 * import { Result } from 'kairo'
 *
 * const half = (n: number): Result<string, number> =>
 *   n % 2 === 0 ? Result.Ok(n / 2) : Result.Err(`${n} is odd`)
 *
 * const r = half(10).map((n) => n + 1) // Ok(6)
 * if (Result.isOk(r)) console.log(r.value) // 6, narrowed
 * half(3).match({ Ok: (n) => n, Err: (e) => e.length }) // 9
 * ```
 * @module
 */

interface ResultMethods<E, T> {
  /** True for `Ok`; narrows `this`. */
  isOk(): this is Ok<T, E>
  /** True for `Err`; narrows `this`. */
  isErr(): this is Err<E, T>
  /** Transforms the success value; an `Err` passes through unchanged. */
  map<U>(fn: (value: T) => U): Result<E, U>
  /** Transforms the error; an `Ok` passes through unchanged. */
  mapErr<F>(fn: (error: E) => F): Result<F, T>
  /** Chains another fallible step; errors of both accumulate in the error type. */
  flatMap<F, U>(fn: (value: T) => Result<F, U>): Result<E | F, U>
  /** Folds both cases into one value. */
  match<A, B = A>(cases: { Ok: (value: T) => A; Err: (error: E) => B }): A | B
  /** The value, or `fallback` on `Err`. */
  unwrapOr<U>(fallback: U): T | U
  /**
   * The value, or throws the error on `Err`. For tests and scripts: application code should
   * `match` or check `isOk` instead.
   */
  unwrap(): T
}

/** The success variant of a {@link Result}. */
export class Ok<T, E = never> implements ResultMethods<E, T> {
  readonly ok = true as const
  readonly tag = 'Ok' as const
  constructor(readonly value: T) {}
  isOk(): this is Ok<T, E> {
    return true
  }
  isErr(): this is Err<E, T> {
    return false
  }
  map<U>(fn: (value: T) => U): Result<E, U> {
    return new Ok<U, E>(fn(this.value))
  }
  mapErr<F>(_fn: (error: E) => F): Result<F, T> {
    return this as unknown as Ok<T, F>
  }
  flatMap<F, U>(fn: (value: T) => Result<F, U>): Result<E | F, U> {
    return fn(this.value)
  }
  match<A, B = A>(cases: { Ok: (value: T) => A; Err: (error: E) => B }): A | B {
    return cases.Ok(this.value)
  }
  unwrapOr<U>(_fallback: U): T | U {
    return this.value
  }
  unwrap(): T {
    return this.value
  }
  toJSON(): { ok: true; value: T } {
    return { ok: true, value: this.value }
  }
}

/** The failure variant of a {@link Result}. */
export class Err<E, T = never> implements ResultMethods<E, T> {
  readonly ok = false as const
  readonly tag = 'Err' as const
  constructor(readonly error: E) {}
  isOk(): this is Ok<T, E> {
    return false
  }
  isErr(): this is Err<E, T> {
    return true
  }
  map<U>(_fn: (value: T) => U): Result<E, U> {
    return this as unknown as Err<E, U>
  }
  mapErr<F>(fn: (error: E) => F): Result<F, T> {
    return new Err<F, T>(fn(this.error))
  }
  flatMap<F, U>(_fn: (value: T) => Result<F, U>): Result<E | F, U> {
    return this as unknown as Err<E, U>
  }
  match<A, B = A>(cases: { Ok: (value: T) => A; Err: (error: E) => B }): A | B {
    return cases.Err(this.error)
  }
  unwrapOr<U>(fallback: U): T | U {
    return fallback
  }
  unwrap(): T {
    throw this.error instanceof Error ? this.error : new Error(`unwrap() on Err: ${String(this.error)}`)
  }
  toJSON(): { ok: false; error: E } {
    return { ok: false, error: this.error }
  }
}

/** `Ok<T>` or `Err<E>`. The error type comes first, as in `Result<ValidationError, User>`. */
export type Result<E, T> = Ok<T, E> | Err<E, T>

/** The success type of a result type. */
export type OkType<R> = R extends { readonly ok: true; readonly value: infer T } ? T : never
/** The error type of a result type. */
export type ErrType<R> = R extends { readonly ok: false; readonly error: infer E } ? E : never

// Inference goes through `unknown[]` so each element keeps its own types: with a `Result[]`
// constraint, `Result.Ok(1)` would take `unknown` as its error type from the context.
type OnlyResults<Rs extends readonly unknown[]> = { readonly [K in keyof Rs]: Rs[K] & Result<unknown, unknown> }
type AllOk<Rs extends readonly unknown[]> = { -readonly [K in keyof Rs]: OkType<Rs[K]> }
type AnyErr<Rs extends readonly unknown[]> = ErrType<Rs[number]>

function isResult(value: unknown): value is Result<unknown, unknown> {
  return value instanceof Ok || value instanceof Err
}

/** Constructors, guards and combinators for {@link Result}. */
export const Result = {
  /** A success holding `value`. */
  Ok<T, E = never>(value: T): Result<E, T> {
    return new Ok<T, E>(value)
  },
  /** A failure holding `error`. */
  Err<E, T = never>(error: E): Result<E, T> {
    return new Err<E, T>(error)
  },
  /** Narrows a result to `Ok`, exposing `.value`. */
  isOk<E, T>(result: Result<E, T>): result is Ok<T, E> {
    return result.ok
  },
  /** Narrows a result to `Err`, exposing `.error`. */
  isErr<E, T>(result: Result<E, T>): result is Err<E, T> {
    return !result.ok
  },
  /** True when `value` is a Kairo result of either kind. */
  isResult,
  /**
   * Awaits a promise: resolved becomes `Ok`, rejected becomes `Err(mapError(reason))`.
   * Without `mapError` the rejection reason is kept as it is (typed `unknown`).
   */
  async fromPromise<T, E = unknown>(promise: PromiseLike<T>, mapError?: (reason: unknown) => E): Promise<Result<E, T>> {
    try {
      return new Ok<T, E>(await promise)
    } catch (reason) {
      return new Err<E, T>(mapError ? mapError(reason) : (reason as E))
    }
  },
  /** Runs `fn`: its return value becomes `Ok`, a thrown value `Err(mapError(thrown))`. */
  tryCatch<T, E = unknown>(fn: () => T, mapError?: (thrown: unknown) => E): Result<E, T> {
    try {
      return new Ok<T, E>(fn())
    } catch (thrown) {
      return new Err<E, T>(mapError ? mapError(thrown) : (thrown as E))
    }
  },
  /**
   * All values when every result is `Ok` (as a tuple typed position by position), else the first `Err`.
   *
   * @example
   * ```ts
   * const r = Result.all([Result.Ok(1), Result.Ok('a')] as const) // Result<never, [number, string]>
   * ```
   */
  all<const Rs extends readonly unknown[]>(results: OnlyResults<Rs>): Result<AnyErr<Rs>, AllOk<Rs>> {
    const values: unknown[] = []
    for (const r of results as readonly Result<unknown, unknown>[]) {
      if (!r.ok) return r as unknown as Result<AnyErr<Rs>, AllOk<Rs>>
      values.push(r.value)
    }
    return new Ok(values as AllOk<Rs>)
  },
} as const
