/**
 * LISTEN on a PostgreSQL server: one dedicated connection carries every channel of a `Database`,
 * and reconnects with backoff after a loss, listening again to every channel.
 * @internal
 */
export interface ListenerClient {
  connect(): Promise<unknown>
  query(sql: string): Promise<unknown>
  end(): Promise<void>
  on(event: 'notification', fn: (message: { channel: string; payload?: string }) => void): unknown
  on(event: 'error' | 'end', fn: (error?: Error) => void): unknown
  removeAllListeners(): unknown
}

export class PostgresListener {
  readonly #newClient: () => ListenerClient
  readonly #report: (error: unknown, context: string) => void
  readonly #handlers = new Map<string, Set<(payload: string) => void>>()
  #client: ListenerClient | undefined
  #connecting: Promise<ListenerClient> | undefined
  #closed = false
  #retryDelay = 100
  #retryTimer: NodeJS.Timeout | undefined

  constructor(newClient: () => ListenerClient, report: (error: unknown, context: string) => void) {
    this.#newClient = newClient
    this.#report = report
  }

  async listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>> {
    const client = await this.#connected()
    let handlers = this.#handlers.get(channel)
    if (!handlers) {
      handlers = new Set()
      this.#handlers.set(channel, handlers)
      await client.query(`LISTEN "${channel}"`)
    }
    handlers.add(handler)
    return async () => {
      const set = this.#handlers.get(channel)
      if (!set?.delete(handler) || set.size > 0) return
      this.#handlers.delete(channel)
      await this.#client?.query(`UNLISTEN "${channel}"`).catch(() => {})
    }
  }

  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#retryTimer)
    const client = this.#client
    this.#client = undefined
    if (client) {
      client.removeAllListeners()
      client.on('error', () => {})
      await client.end().catch(() => {})
    }
  }

  #connected(): Promise<ListenerClient> {
    if (this.#client) return Promise.resolve(this.#client)
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = undefined
    })
    return this.#connecting
  }

  async #open(): Promise<ListenerClient> {
    const client = this.#newClient()
    client.on('notification', (message) => {
      for (const handler of this.#handlers.get(message.channel) ?? []) {
        try {
          handler(message.payload ?? '')
        } catch (error) {
          this.#report(error, `notification handler for ${message.channel} threw`)
        }
      }
    })
    client.on('error', (error) => this.#lost(client, error))
    client.on('end', () => this.#lost(client))
    try {
      await client.connect()
      for (const channel of this.#handlers.keys()) await client.query(`LISTEN "${channel}"`)
    } catch (error) {
      client.removeAllListeners()
      client.on('error', () => {})
      await client.end().catch(() => {})
      throw error
    }
    this.#client = client
    this.#retryDelay = 100
    return client
  }

  #lost(client: ListenerClient, error?: Error): void {
    if (this.#client !== client || this.#closed) return
    this.#client = undefined
    client.removeAllListeners()
    client.on('error', () => {})
    client.end().catch(() => {})
    if (error) this.#report(error, 'LISTEN connection lost; reconnecting')
    this.#scheduleReconnect()
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#handlers.size === 0) return
    this.#retryTimer = setTimeout(() => {
      this.#connected().catch(() => {
        this.#retryDelay = Math.min(this.#retryDelay * 2, 5000)
        this.#scheduleReconnect()
      })
    }, this.#retryDelay)
    this.#retryTimer.unref()
  }
}
