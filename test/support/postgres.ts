import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, inject } from 'vitest'
import { type Database, type PostgresOptions, postgres } from '../../src/adapters/postgres/index.js'
import { engineUrls, withDatabase } from './engine-urls.js'

/** A database of this test file's own on the PostgreSQL server. */
export interface TestPostgres {
  /** The file's database, opened lazily with a pool of 10. */
  readonly db: Database
  /** Its URL, for child processes and other clients. */
  readonly url: string
  /** Another pool on the same database (or at `options.url`), closed after the file: a second app instance, say. */
  open(options?: Partial<PostgresOptions>): Database
}

/**
 * Creates a fresh database on the server for this test file (`kairo_t_<run>_<random>`) before its
 * tests, and drops it afterwards (the global teardown drops any left by a crash). Call at the top
 * of the file, inside `describe.runIf(requireEngine('postgres'))`.
 */
export function useTestPostgres(): TestPostgres {
  const name = `kairo_t_${inject('testRunId')}_${randomBytes(4).toString('hex')}`
  const url = withDatabase(engineUrls.postgres, name)
  const opened: Database[] = []
  let main: Database | undefined

  beforeAll(async () => {
    await admin(`CREATE DATABASE "${name}"`)
  })
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close({ timeoutMs: 5000 })))
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  })

  const open = (options: Partial<PostgresOptions> = {}) => {
    const db = postgres({ url, onBackgroundError: () => {}, ...options })
    opened.push(db)
    return db
  }
  return {
    get db() {
      main ??= open()
      return main
    },
    url,
    open,
  }
}

async function admin(sql: string): Promise<void> {
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: engineUrls.postgres })
  client.on('error', () => {})
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}
