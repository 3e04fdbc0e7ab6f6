import { readFile } from 'node:fs/promises'
import { afterAll, inject } from 'vitest'
import { type Database, pglite } from '../../src/adapters/postgres/index.js'

let shared: Database | undefined

/**
 * The PGlite database shared by every test in this file: loaded from a template the global setup
 * dumped (about 0.6 s instead of 2–5 s for initdb), closed after the file. Tests in one file
 * share it, so give tables distinct names or clean up.
 *
 * @example
 * ```ts
 * const db = sharedPglite()
 * it('stores', async () => { expect((await db.query('select 1 as one')).unwrap().rows).toEqual([{ one: 1 }]) })
 * ```
 */
export function sharedPglite(): Database {
  if (shared) return shared
  const template = readFile(inject('pgliteTemplatePath')).then((bytes) => new Blob([bytes]))
  const db = pglite({ loadDataDir: template })
  shared = db
  afterAll(async () => {
    await db.close()
    shared = undefined
  })
  return db
}
