/**
 * `kairo/postgres`: one `Database` interface over embedded PGlite and a PostgreSQL server.
 *
 * @example
 * ```ts
 * import { pglite, postgres } from 'kairo/postgres'
 *
 * const db = process.env.KAIRO_PG_URL ? postgres({ url: process.env.KAIRO_PG_URL }) : pglite()
 * const r = await db.query<{ answer: number }>('select 42 as answer')
 * ```
 * @module
 */
export type {
  Connection,
  Database,
  DatabaseEngine,
  DatabaseFailure,
  DatabasePing,
  IsolationLevel,
  QueryResult,
  Row,
  SqlExecutor,
  Transaction,
  TransactionOptions,
  TransactionResult,
} from './database.js'
export { DEADLOCK_DETECTED, QueryError, SERIALIZATION_FAILURE } from './database-errors.js'
export { type PGliteLike, type PGliteOptions, pglite } from './pglite-database.js'
export { type PostgresOptions, postgres } from './postgres-database.js'
