/**
 * Kairo's core: `Result`, the `KairoError` family, branded types, UUID v7 ids, clocks and tracing.
 * Every other module (`kairo/schema`, `kairo/postgres`, …) builds on these.
 *
 * @example
 * ```ts
 * import { Result, NotFoundError } from 'kairo'
 *
 * function findUser(id: string): Result<NotFoundError, { id: string }> {
 *   return id === 'u1' ? Result.Ok({ id }) : Result.Err(new NotFoundError('user', id))
 * }
 * ```
 * @module
 */
export * from './core/index.js'
