import { describe } from 'vitest'
import { createEventStore } from '../src/events/index.js'
import { consumerContract } from './contracts/consumer-contract.js'
import { sharedPglite } from './support/pglite.js'
import { useTestPostgres } from './support/postgres.js'
import { requireEngine } from './support/require-engine.js'

consumerContract('memory', { store: () => createEventStore() })

describe('pglite', () => {
  const db = sharedPglite()
  consumerContract('pglite', { store: () => createEventStore({ database: db }) })
})

describe.runIf(requireEngine('postgres'))('postgres server', () => {
  const server = useTestPostgres()
  consumerContract('postgres', { store: () => createEventStore({ database: server.db }) })
})
