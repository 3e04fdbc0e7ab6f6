import { describe } from 'vitest'
import { createEventStore } from '../src/events/index.js'
import { eventStoreContract } from './contracts/event-store-contract.js'
import { eventStoreDatabaseContract } from './contracts/event-store-database-contract.js'
import { sharedPglite } from './support/pglite.js'
import { useTestPostgres } from './support/postgres.js'
import { requireEngine } from './support/require-engine.js'

eventStoreContract('memory', { store: (options) => createEventStore(options) })

describe('pglite', () => {
  const db = sharedPglite()
  eventStoreContract('pglite', {
    store: (options) => createEventStore({ ...options, database: db }),
    database: () => db,
  })
  eventStoreDatabaseContract('pglite', () => db)
})

describe.runIf(requireEngine('postgres'))('postgres server', () => {
  const server = useTestPostgres()
  eventStoreContract('postgres', {
    store: (options) => createEventStore({ ...options, database: server.db }),
    database: () => server.db,
  })
  eventStoreDatabaseContract('postgres', () => server.db)
})
