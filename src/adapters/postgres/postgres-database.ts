import type { Database, IsolationLevel, QueryResult, Row } from './database.js'
import { type ListenerClient, PostgresListener } from './postgres-listener.js'
import type { OpenTransaction } from './session.js'
import { type EngineConnection, type EngineDriver, SqlDatabase } from './sql-database.js'
import { OID, parseDate, parseInt8, parseSimpleArray, parseTimestampAsUtc } from './type-parsers.js'

/** Options for {@link postgres}. */
export interface PostgresOptions {
  /** A connection URL: `postgres://user:password@host:5432/database`. */
  url: string
  /** Most connections the pool opens. Defaults to 10. */
  max?: number
  /** How long to wait for a connection before failing with `UnavailableError`. Defaults to 5000 ms. */
  connectionTimeoutMs?: number
  /** Close connections idle this long. Defaults to 10000 ms. */
  idleTimeoutMs?: number
  /** Server-side limit for each statement, in ms (`statement_timeout`); a statement over it fails with `TimeoutError`. */
  statementTimeoutMs?: number
  /** `application_name` shown in `pg_stat_activity`. Defaults to `'kairo'`. */
  applicationName?: string
  /** Receives errors that no caller can receive (idle connections dropped, listener reconnects, after-commit callbacks). */
  onBackgroundError?: (error: unknown, context: string) => void
}

interface PgClient {
  query(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>
  release(destroy?: boolean | Error): void
}

interface PgPool {
  query(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>
  connect(): Promise<PgClient>
  end(): Promise<void>
  on(event: 'error', fn: (error: Error) => void): unknown
}

interface PgModule {
  Pool: new (config: Record<string, unknown>) => PgPool
  Client: new (config: Record<string, unknown>) => ListenerClient
  types: { getTypeParser(oid: number, format?: string): (value: string) => unknown }
}

const BEGIN = {
  'read uncommitted': 'BEGIN ISOLATION LEVEL READ UNCOMMITTED',
  'read committed': 'BEGIN ISOLATION LEVEL READ COMMITTED',
  'repeatable read': 'BEGIN ISOLATION LEVEL REPEATABLE READ',
  serializable: 'BEGIN ISOLATION LEVEL SERIALIZABLE',
} as const

/**
 * A PostgreSQL server through `pg` (an optional peer dependency), with a connection pool.
 * Connections open lazily: call {@link Database.ping} at start-up to find a wrong URL early.
 *
 * @example
 * ```ts
 * import { postgres } from 'kairo/postgres'
 *
 * const db = postgres({ url: process.env.KAIRO_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' })
 * const up = await db.ping()
 * if (!up.ok) console.error(up.error.message) // 'postgres (127.0.0.1:5432/postgres) unavailable: connect ECONNREFUSED …'
 * ```
 */
export function postgres(options: PostgresOptions): Database {
  const service = `postgres (${describeUrl(options.url)})`
  const report =
    options.onBackgroundError ??
    ((error: unknown, context: string) => console.error(`kairo ${service}: ${context}:`, error))
  return new SqlDatabase(new PostgresDriver(options, service, report), report)
}

class PostgresDriver implements EngineDriver {
  readonly engine = 'postgres' as const
  readonly service: string
  readonly #options: PostgresOptions
  readonly #report: (error: unknown, context: string) => void
  #pg: Promise<{ module: PgModule; pool: PgPool; config: Record<string, unknown> }> | undefined
  #listener: PostgresListener | undefined

  constructor(options: PostgresOptions, service: string, report: (error: unknown, context: string) => void) {
    this.#options = options
    this.service = service
    this.#report = report
  }

  #ready() {
    this.#pg ??= (async () => {
      const module = ((await import('pg')) as unknown as { default: PgModule }).default
      const config = this.#connectionConfig(module)
      const pool = new module.Pool({
        ...config,
        max: this.#options.max ?? 10,
        idleTimeoutMillis: this.#options.idleTimeoutMs ?? 10_000,
      })
      // An idle connection dropped by the server must not crash the process; the pool replaces it.
      pool.on('error', (error) => this.#report(error, 'idle connection lost'))
      return { module, pool, config }
    })()
    return this.#pg
  }

  #connectionConfig(module: PgModule): Record<string, unknown> {
    const defaults = module.types
    const bytea = defaults.getTypeParser(OID.bytea, 'text')
    const parsers: Record<number, (value: string) => unknown> = {
      [OID.int8]: parseInt8,
      [OID.int8Array]: (v) => parseSimpleArray(v, parseInt8),
      [OID.date]: parseDate,
      [OID.dateArray]: (v) => parseSimpleArray(v, parseDate),
      [OID.timestamp]: parseTimestampAsUtc,
      [OID.timestampArray]: (v) => parseSimpleArray(v, parseTimestampAsUtc),
      [OID.bytea]: (v) => {
        const buffer = bytea(v) as Buffer
        return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
      },
    }
    return {
      connectionString: this.#options.url,
      connectionTimeoutMillis: this.#options.connectionTimeoutMs ?? 5000,
      application_name: this.#options.applicationName ?? 'kairo',
      ...(this.#options.statementTimeoutMs === undefined
        ? {}
        : { statement_timeout: this.#options.statementTimeoutMs }),
      types: {
        getTypeParser: (oid: number, format?: string) =>
          (format ?? 'text') === 'text' && parsers[oid] ? parsers[oid] : defaults.getTypeParser(oid, format),
      },
    }
  }

  async run(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>> {
    const { pool } = await this.#ready()
    return toQueryResult(await pool.query(sql, params as unknown[]))
  }

  async runScript(sql: string): Promise<void> {
    const { pool } = await this.#ready()
    await pool.query(sql)
  }

  async openTransaction(isolation: IsolationLevel, readOnly: boolean): Promise<OpenTransaction> {
    const { pool } = await this.#ready()
    const client = await pool.connect()
    try {
      await client.query(BEGIN[isolation] + (readOnly ? ' READ ONLY' : ''))
    } catch (error) {
      client.release(true)
      throw error
    }
    return {
      run: async (sql, params) => toQueryResult(await client.query(sql, params as unknown[])),
      runScript: async (sql) => {
        await client.query(sql)
      },
      commit: async () => {
        await client.query('COMMIT')
      },
      rollback: async () => {
        await client.query('ROLLBACK')
      },
      release: (broken = false) => client.release(broken),
    }
  }

  async connect(): Promise<EngineConnection> {
    const { pool } = await this.#ready()
    const client = await pool.connect()
    return {
      run: async (sql, params) => toQueryResult(await client.query(sql, params as unknown[])),
      runScript: async (sql) => {
        await client.query(sql)
      },
      // Session state (advisory locks, LISTEN, SET) must not leak to the next user: destroy, don't reuse.
      release: async () => client.release(true),
    }
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    const { module, config } = await this.#ready()
    this.#listener ??= new PostgresListener(() => new module.Client(config), this.#report)
    return this.#listener.listen(channel, handler)
  }

  async serverVersion(): Promise<string> {
    const r = await this.run('SHOW server_version', [])
    return String(r.rows[0]?.server_version ?? '')
  }

  async close(): Promise<void> {
    await this.#listener?.close()
    if (this.#pg) {
      const { pool } = await this.#pg
      await pool.end()
    }
  }
}

function toQueryResult(r: { rows: Row[]; rowCount: number | null }): QueryResult<Row> {
  return { rows: r.rows ?? [], rowCount: r.rowCount ?? r.rows?.length ?? 0 }
}

/** `host:port/database` from a URL, never the password. @internal */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}:${u.port || '5432'}${u.pathname || ''}`
  } catch {
    return 'invalid URL'
  }
}
