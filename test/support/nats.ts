import { randomBytes } from 'node:crypto'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import { afterAll, inject } from 'vitest'
import { engineUrls } from './engine-urls.js'

/** NATS for one test file: a subject/stream prefix of its own and connections closed afterwards. */
export interface TestNats {
  /** `kairo_t_<run>_<random>`: use it in subjects (`${prefix}.orders`) and stream names. */
  readonly prefix: string
  readonly url: string
  /** Opens a connection, drained after the file. */
  connect(): Promise<NatsConnection>
}

/** Gives this test file a NATS prefix and a connection helper. */
export function useTestNats(): TestNats {
  const prefix = `kairo_t_${inject('testRunId')}_${randomBytes(4).toString('hex')}`
  const connections: NatsConnection[] = []
  afterAll(async () => {
    await Promise.all(connections.map((nc) => nc.drain().catch(() => nc.close())))
  })
  return {
    prefix,
    url: engineUrls.nats,
    async connect() {
      const nc = await connect({ servers: engineUrls.nats, timeout: 3000 })
      connections.push(nc)
      return nc
    },
  }
}
