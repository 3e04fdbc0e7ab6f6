import { readFile } from 'node:fs/promises'
import { describe, inject } from 'vitest'
import { pglite } from '../src/adapters/postgres/index.js'
import { databaseContract } from './contracts/database-contract.js'
import { sharedPglite } from './support/pglite.js'
import { useTestPostgres } from './support/postgres.js'
import { requireEngine } from './support/require-engine.js'

databaseContract('pglite', {
  db: sharedPglite,
  fresh: () => pglite({ loadDataDir: readFile(inject('pgliteTemplatePath')).then((b) => new Blob([b])) }),
})

describe.runIf(requireEngine('postgres'))('postgres server', () => {
  const server = useTestPostgres()
  databaseContract('postgres', { db: () => server.db, fresh: () => server.open() })
})
