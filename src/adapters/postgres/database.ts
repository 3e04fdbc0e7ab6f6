import type { KairoError } from '../../core/kairo-error.js'
import type { ErrType, OkType, Result } from '../../core/result.js'

/** A row as returned by a query: column name to parsed value. */
export type Row = Record<string, unknown>

/**
 * The rows of a statement and how many rows it touched.
 *
 * Values are parsed the same on both engines: `int8`/`bigint` → `bigint`, `numeric` → `string`,
 * `date` → `'YYYY-MM-DD'` string, `timestamp`/`timestamptz` → `Date` (a `timestamp` without zone is
 * read as UTC), `json`/`jsonb` → parsed JSON, `bytea` → `Uint8Array`.
 */
export interface QueryResult<R extends Row = Row> {
  readonly rows: R[]
  /** Rows inserted, updated, deleted or returned. */
  readonly rowCount: number
}

/** The errors a statement can fail with; see {@link QueryError}. */
export type DatabaseFailure = KairoError

/** Anything that runs SQL: a {@link Database}, a {@link Transaction} or a {@link Connection}. */
export interface SqlExecutor {
  /** Which engine runs the SQL. */
  readonly engine: DatabaseEngine
  /**
   * Runs one statement with bound parameters (`$1`, `$2`, …). Values are never interpolated into
   * the SQL text. To bind a JSON array to a `jsonb` parameter, pass `JSON.stringify(array)`: a bare
   * JavaScript array is bound as a PostgreSQL array.
   *
   * @example
   * ```ts
   * const r = await db.query<{ id: bigint }>('insert into items (name) values ($1) returning id', ['pen'])
   * if (r.ok) console.log(r.value.rows[0]?.id)
   * ```
   */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<Result<DatabaseFailure, QueryResult<R>>>
  /**
   * Runs a script of one or more statements without parameters (DDL, migrations). Use
   * {@link SqlExecutor.query} for anything that takes input.
   */
  exec(sql: string): Promise<Result<DatabaseFailure, void>>
}

/** `'pglite'` for embedded PostgreSQL, `'postgres'` for a PostgreSQL server. */
export type DatabaseEngine = 'pglite' | 'postgres'

/** The four SQL isolation levels. PGlite has one connection, so its transactions never conflict. */
export type IsolationLevel = 'read uncommitted' | 'read committed' | 'repeatable read' | 'serializable'

/** How to run a transaction. */
export interface TransactionOptions {
  /** Defaults to `'read committed'`, PostgreSQL's default. */
  isolation?: IsolationLevel
  /** Start the transaction `READ ONLY`. */
  readOnly?: boolean
  /**
   * How many times to run the whole function again when the transaction fails with a
   * serialization failure (SQLSTATE 40001) or a deadlock (40P01). Defaults to 0. The function
   * must be safe to repeat: keep side effects outside, or register them with `afterCommit`.
   */
  retryOnConflict?: number
}

/**
 * One transaction, handed to the function given to {@link Database.transaction}. A statement that
 * fails inside it marks the transaction failed: the end result is a rollback and that error, even
 * if the function ignores the failed result (PostgreSQL itself refuses further statements then).
 */
export interface Transaction extends SqlExecutor {
  readonly isolation: IsolationLevel
  /** Marks the transaction to roll back when the function returns, failing with `error`. */
  fail(error: KairoError): void
  /** The error the transaction will fail with, if it has been marked failed. */
  readonly failure: KairoError | undefined
  /**
   * Runs `fn` inside a SAVEPOINT: if it fails (returns `Err`, throws, or a statement in it fails),
   * only its work is rolled back and the transaction stays usable.
   */
  savepoint<T>(fn: (tx: Transaction) => Promise<T>): Promise<TransactionResult<T>>
  /** Runs `fn` after the transaction commits (never if it rolls back). */
  afterCommit(fn: () => void | Promise<void>): void
}

/** A connection held for one session, for session-level features such as advisory locks and LISTEN. */
export interface Connection extends SqlExecutor {
  /** Returns the connection; a session-level lock it holds is released with it. */
  release(): Promise<void>
}

/**
 * What a transaction returns: the function's value, or an error. A function returning a
 * `Result` has it unwrapped, so `Result<E, T>` becomes `Result<E | KairoError, T>`.
 */
export type TransactionResult<T> = Result<
  KairoError | (T extends Result<unknown, unknown> ? ErrType<T> : never),
  T extends Result<unknown, unknown> ? OkType<T> : T
>

/** Health of a database, as reported by {@link Database.ping}. */
export interface DatabasePing {
  readonly engine: DatabaseEngine
  readonly latencyMs: number
  /** `SHOW server_version`, e.g. `'15.19 (Debian …)'` or `'18.6'` on PGlite. */
  readonly serverVersion: string
}

/**
 * One interface over embedded PGlite and a PostgreSQL server. Made by {@link pglite} or
 * {@link postgres}; every operation returns a `Result`, and driver errors are mapped to
 * `KairoError`s (see {@link QueryError}).
 *
 * @example
 * ```ts
 * import { pglite } from 'kairo/postgres'
 *
 * const db = pglite()
 * await db.exec('create table notes (id serial primary key, body text not null)')
 * const saved = await db.transaction(async (tx) => {
 *   await tx.query('insert into notes (body) values ($1)', ['hello'])
 *   return tx.query<{ n: bigint }>('select count(*) as n from notes')
 * }, { isolation: 'serializable', retryOnConflict: 3 })
 * await db.close()
 * ```
 */
export interface Database extends SqlExecutor {
  /**
   * Runs `fn` in a transaction and commits when it succeeds. It rolls back when `fn` returns an
   * `Err`, when a statement inside failed, or when `fn` throws (a thrown `KairoError` becomes the
   * `Err`; any other thrown value is re-thrown after the rollback, as a programming error).
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<TransactionResult<T>>
  /** Takes a connection for a session of its own; release it when done. */
  connect(): Promise<Result<DatabaseFailure, Connection>>
  /**
   * Calls `handler` with the payload of every `NOTIFY` on `channel` (a lowercase SQL identifier).
   * On a server, one connection carries every channel and reconnects by itself after a loss;
   * notifications sent while it was down are lost, so pair LISTEN with polling.
   * Resolves to a function that stops listening.
   */
  listen(channel: string, handler: (payload: string) => void): Promise<Result<DatabaseFailure, () => Promise<void>>>
  /** Checks the database answers, and how fast. */
  ping(): Promise<Result<DatabaseFailure, DatabasePing>>
  /**
   * Stops taking new work, waits for statements and transactions under way to finish (so nothing
   * acknowledged is lost), then closes the connections. Later calls fail with `DATABASE_CLOSED`.
   */
  close(options?: { timeoutMs?: number }): Promise<void>
  /** True once {@link Database.close} has been called. */
  readonly closed: boolean
}
