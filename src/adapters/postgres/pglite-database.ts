import { UnavailableError } from '../../core/errors.js'
import type { Database, QueryResult, Row } from './database.js'
import type { OpenTransaction } from './session.js'
import { type EngineDriver, SqlDatabase } from './sql-database.js'
import { OID, parseDate, parseInt8, parseSimpleArray, parseTimestampAsUtc } from './type-parsers.js'

/** The parts of a PGlite instance Kairo uses, described structurally so `kairo` never imports PGlite's types. */
export interface PGliteLike {
  readonly waitReady: Promise<void>
  readonly closed: boolean
  query<T>(sql: string, params?: unknown[], options?: { parsers?: PGliteParsers }): Promise<PGliteResults<T>>
  exec(sql: string): Promise<unknown>
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/** @internal */
export interface PGliteTransactionLike {
  query<T>(sql: string, params?: unknown[], options?: { parsers?: PGliteParsers }): Promise<PGliteResults<T>>
  exec(sql: string): Promise<unknown>
  rollback(): Promise<void>
}

interface PGliteResults<T> {
  rows: T[]
  affectedRows?: number
}

type PGliteParsers = Record<number, (value: string) => unknown>

/** Options for {@link pglite}. */
export interface PGliteOptions {
  /**
   * A directory to keep the database in, so it survives restarts. Without it the database lives in
   * memory and is gone when the process ends.
   */
  dataDir?: string
  /** Use an instance you created (with extensions, say). Kairo will not close it unless `closeInstance` is true. */
  instance?: PGliteLike
  /** Close `instance` on `close()`. Defaults to true when Kairo created the instance, false otherwise. */
  closeInstance?: boolean
  /** Start from a data directory dumped with PGlite's `dumpDataDir()` (fast: skips initdb). */
  loadDataDir?: Blob | Promise<Blob>
  /** Extra options passed to the PGlite constructor (`extensions`, `debug`, …). */
  pgliteOptions?: Record<string, unknown>
  /** Receives errors that no caller can receive (failed after-commit callbacks). Defaults to `console.error`. */
  onBackgroundError?: (error: unknown, context: string) => void
}

const PARSERS: PGliteParsers = {
  [OID.int8]: parseInt8,
  [OID.int8Array]: (v) => parseSimpleArray(v, parseInt8),
  [OID.date]: parseDate,
  [OID.dateArray]: (v) => parseSimpleArray(v, parseDate),
  [OID.timestamp]: parseTimestampAsUtc,
  [OID.timestampArray]: (v) => parseSimpleArray(v, parseTimestampAsUtc),
}
const QUERY_OPTIONS = { parsers: PARSERS }
const SET_ISOLATION = {
  'read uncommitted': 'SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED',
  'read committed': 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
  'repeatable read': 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ',
  serializable: 'SET TRANSACTION ISOLATION LEVEL SERIALIZABLE',
} as const

/**
 * Embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly) in this process: in memory by
 * default, or persisted in `dataDir`. Needs the optional peer dependency `@electric-sql/pglite`.
 * The instance starts in the background; the first statement waits for it (2–5 s when fresh).
 *
 * PGlite has a single connection: statements and transactions run one at a time, so transactions
 * never see each other's work or conflict. Inside a transaction, use the `tx` you are given: a
 * statement on the `Database` itself waits until the transaction ends.
 *
 * @example
 * ```ts
 * import { pglite } from 'kairo/postgres'
 *
 * const db = pglite({ dataDir: './.data/shop' })
 * const r = await db.query<{ now: Date }>('select now()')
 * ```
 */
export function pglite(options: PGliteOptions = {}): Database {
  const owned = options.instance === undefined
  const instance = options.instance ? Promise.resolve(options.instance) : createInstance(options)
  // A failed start must not become an unhandled rejection; each statement reports it instead.
  instance.catch(() => {})
  return new SqlDatabase(new PGliteDriver(instance, options.closeInstance ?? owned), options.onBackgroundError)
}

async function createInstance(options: PGliteOptions): Promise<PGliteLike> {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = new PGlite({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: await options.loadDataDir }),
    ...options.pgliteOptions,
    parsers: PARSERS,
  }) as unknown as PGliteLike
  await db.waitReady
  return db
}

class PGliteDriver implements EngineDriver {
  readonly engine = 'pglite' as const
  readonly service = 'pglite'
  readonly #instance: Promise<PGliteLike>
  readonly #closeInstance: boolean

  constructor(instance: Promise<PGliteLike>, closeInstance: boolean) {
    this.#instance = instance
    this.#closeInstance = closeInstance
  }

  async #ready(): Promise<PGliteLike> {
    const db = await this.#instance
    if (db.closed) throw new UnavailableError('pglite', 'the PGlite instance is closed', { code: 'DATABASE_CLOSED' })
    return db
  }

  async run(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>> {
    const db = await this.#ready()
    return toQueryResult(await db.query<Row>(sql, params as unknown[], QUERY_OPTIONS))
  }

  async runScript(sql: string): Promise<void> {
    await (await this.#ready()).exec(sql)
  }

  async openTransaction(isolation: keyof typeof SET_ISOLATION, readOnly: boolean): Promise<OpenTransaction> {
    const db = await this.#ready()
    // PGlite's transaction() is callback-shaped; hold its callback open until Kairo decides.
    return new Promise<OpenTransaction>((resolveOpened, rejectOpened) => {
      let decide: (commit: boolean) => void = () => {}
      const decided = new Promise<boolean>((resolve) => {
        decide = resolve
      })
      let opened = false
      const finished = db.transaction(async (ptx) => {
        await ptx.exec(SET_ISOLATION[isolation] + (readOnly ? ', READ ONLY' : ''))
        opened = true
        resolveOpened({
          run: async (sql, params) => toQueryResult(await ptx.query<Row>(sql, params as unknown[], QUERY_OPTIONS)),
          runScript: async (sql) => {
            await ptx.exec(sql)
          },
          commit: async () => {
            decide(true)
            await finished
          },
          rollback: async () => {
            decide(false)
            await finished
          },
          release: () => {},
        })
        if (!(await decided)) await ptx.rollback()
      })
      finished.catch((error: unknown) => {
        if (!opened) rejectOpened(error)
      })
    })
  }

  async connect() {
    await this.#ready()
    // One in-process session: a "connection" is the instance itself, and releasing it is a no-op.
    return { run: this.run.bind(this), runScript: this.runScript.bind(this), release: async () => {} }
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    const db = await this.#ready()
    return db.listen(channel, handler)
  }

  async serverVersion(): Promise<string> {
    const r = await this.run('SHOW server_version', [])
    return String(r.rows[0]?.server_version ?? '')
  }

  async close(): Promise<void> {
    if (!this.#closeInstance) return
    const db = await this.#instance.catch(() => undefined)
    if (db && !db.closed) await db.close()
  }
}

function toQueryResult(r: PGliteResults<Row>): QueryResult<Row> {
  return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) }
}
