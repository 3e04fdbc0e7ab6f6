import { UnavailableError } from '../../core/errors.js'
import { Err, Ok, type Result } from '../../core/result.js'
import { withSpan } from '../../core/telemetry.js'
import type {
  Connection,
  Database,
  DatabaseEngine,
  DatabaseFailure,
  DatabasePing,
  IsolationLevel,
  QueryResult,
  Row,
  Transaction,
  TransactionOptions,
  TransactionResult,
} from './database.js'
import { mapDatabaseError } from './database-errors.js'
import { InFlightWork } from './in-flight-work.js'
import { runTransaction } from './run-transaction.js'
import type { OpenTransaction } from './session.js'

/** What each engine (PGlite, `pg`) provides; everything else is shared in {@link SqlDatabase}. @internal */
export interface EngineDriver {
  readonly engine: DatabaseEngine
  /** Names the engine in errors: `'pglite'` or `'postgres (host:port/db)'`. */
  readonly service: string
  run(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>>
  runScript(sql: string): Promise<void>
  openTransaction(isolation: IsolationLevel, readOnly: boolean): Promise<OpenTransaction>
  connect(): Promise<EngineConnection>
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>
  serverVersion(): Promise<string>
  close(): Promise<void>
}

/** @internal */
export interface EngineConnection {
  run(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>>
  runScript(sql: string): Promise<void>
  release(): Promise<void>
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/

/**
 * The engine-independent `Database`: results instead of exceptions, error mapping, spans, and a
 * close that waits for work under way.
 * @internal
 */
export class SqlDatabase implements Database {
  readonly engine: DatabaseEngine
  readonly #driver: EngineDriver
  readonly #work = new InFlightWork()
  readonly #connections = new Set<EngineConnection>()
  readonly #reportError: (error: unknown, context: string) => void
  #closed = false

  constructor(driver: EngineDriver, onBackgroundError?: (error: unknown, context: string) => void) {
    this.#driver = driver
    this.engine = driver.engine
    this.#reportError =
      onBackgroundError ?? ((error, context) => console.error(`kairo ${driver.service}: ${context}:`, error))
  }

  get closed(): boolean {
    return this.#closed
  }

  query<R extends Row = Row>(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<Result<DatabaseFailure, QueryResult<R>>> {
    return this.#tracked(`db ${operationName(sql)}`, sql, async () => {
      return (await this.#driver.run(sql, params)) as QueryResult<R>
    })
  }

  exec(sql: string): Promise<Result<DatabaseFailure, void>> {
    return this.#tracked('db exec', sql, () => this.#driver.runScript(sql))
  }

  async transaction<T>(
    fn: (tx: Transaction) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<TransactionResult<T>> {
    if (!this.#work.enter()) return new Err(closedError(this.#driver.service)) as TransactionResult<T>
    try {
      return await withSpan(
        'db transaction',
        { 'db.system': 'postgresql', 'db.transaction.isolation': options.isolation ?? 'read committed' },
        () =>
          runTransaction(
            (isolation, readOnly) => this.#driver.openTransaction(isolation, readOnly),
            fn,
            options,
            this.engine,
            this.#driver.service,
            this.#reportError,
          ),
      )
    } finally {
      this.#work.leave()
    }
  }

  async connect(): Promise<Result<DatabaseFailure, Connection>> {
    if (this.#work.closing) return new Err(closedError(this.#driver.service))
    let held: EngineConnection
    try {
      held = await this.#driver.connect()
    } catch (error) {
      return new Err(mapDatabaseError(error, this.#driver.service))
    }
    this.#connections.add(held)
    const service = this.#driver.service
    const connections = this.#connections
    let released = false
    const connection: Connection = {
      engine: this.engine,
      async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
        if (released)
          return new Err(new UnavailableError(service, 'connection released', { code: 'CONNECTION_RELEASED' }))
        try {
          return new Ok((await held.run(sql, params)) as QueryResult<R>)
        } catch (error) {
          return new Err(mapDatabaseError(error, service))
        }
      },
      async exec(sql: string) {
        if (released)
          return new Err(new UnavailableError(service, 'connection released', { code: 'CONNECTION_RELEASED' }))
        try {
          await held.runScript(sql)
          return new Ok(undefined)
        } catch (error) {
          return new Err(mapDatabaseError(error, service))
        }
      },
      async release() {
        if (released) return
        released = true
        connections.delete(held)
        await held.release()
      },
    }
    return new Ok(connection)
  }

  async listen(
    channel: string,
    handler: (payload: string) => void,
  ): Promise<Result<DatabaseFailure, () => Promise<void>>> {
    if (!CHANNEL_NAME.test(channel)) {
      throw new TypeError(
        `listen: channel must be a lowercase SQL identifier (a-z, 0-9, _), got ${JSON.stringify(channel)}`,
      )
    }
    if (this.#work.closing) return new Err(closedError(this.#driver.service))
    try {
      return new Ok(await this.#driver.listen(channel, handler))
    } catch (error) {
      return new Err(mapDatabaseError(error, this.#driver.service))
    }
  }

  async ping(): Promise<Result<DatabaseFailure, DatabasePing>> {
    const started = performance.now()
    return this.#tracked('db ping', 'SHOW server_version', async () => {
      const serverVersion = await this.#driver.serverVersion()
      return { engine: this.engine, latencyMs: performance.now() - started, serverVersion }
    })
  }

  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const drained = await this.#work.drain(options.timeoutMs ?? 30_000)
    if (!drained) this.#reportError(new Error('work still running at close timeout'), 'close')
    for (const held of this.#connections) await held.release().catch(() => {})
    this.#connections.clear()
    await this.#driver.close()
  }

  async #tracked<T>(spanName: string, sql: string, run: () => Promise<T>): Promise<Result<DatabaseFailure, T>> {
    if (!this.#work.enter()) return new Err(closedError(this.#driver.service))
    try {
      return await withSpan(spanName, { 'db.system': 'postgresql', 'db.query.text': sql.slice(0, 1000) }, async () => {
        try {
          return new Ok(await run())
        } catch (error) {
          return new Err(mapDatabaseError(error, this.#driver.service))
        }
      })
    } finally {
      this.#work.leave()
    }
  }
}

function closedError(service: string): UnavailableError {
  return new UnavailableError(service, 'the database has been closed', { code: 'DATABASE_CLOSED' })
}

function operationName(sql: string): string {
  const match = /^\s*([a-zA-Z]+)/.exec(sql)
  return match ? (match[1] as string).toLowerCase() : 'query'
}
