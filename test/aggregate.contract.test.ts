import { describe } from 'vitest'
import { createEventStore } from '../src/events/index.js'
import { aggregateContract } from './contracts/aggregate-contract.js'
import { sharedPglite } from './support/pglite.js'
import { useTestPostgres } from './support/postgres.js'
import { requireEngine } from './support/require-engine.js'

aggregateContract('memory', { store: () => createEventStore() })

describe('pglite', () => {
  const db = sharedPglite()
  aggregateContract('pglite', { store: () => createEventStore({ database: db }) })
})

describe.runIf(requireEngine('postgres'))('postgres server', () => {
  const server = useTestPostgres()
  aggregateContract('postgres', { store: () => createEventStore({ database: server.db }) })
})
