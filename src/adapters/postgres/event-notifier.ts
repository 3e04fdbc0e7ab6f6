import type { Database } from './database.js'

/**
 * Wakes readers of the global log when events were appended: listeners in this process at once, and
 * other processes through `NOTIFY` on a PostgreSQL server. The NOTIFY is sent after the append
 * committed, in its own statement, and coalesced (at most one in flight), so appends never take
 * PostgreSQL's commit-time NOTIFY lock and concurrent writers keep group commit. A lost notification
 * only delays a reader until its next poll.
 * @internal
 */
export class EventNotifier {
  readonly #db: Database
  readonly #channel: string
  readonly #listeners = new Set<() => void>()
  #unlisten: Promise<(() => Promise<void>) | undefined> | undefined
  #inFlight = false
  #again = false

  constructor(db: Database, channel: string) {
    this.#db = db
    this.#channel = channel
  }

  /** Calls `listener` after appends here or (on a server) elsewhere; returns a function that stops it. */
  watch(listener: () => void): () => void {
    this.#listeners.add(listener)
    if (this.#db.engine === 'postgres' && !this.#unlisten) {
      this.#unlisten = this.#db
        .listen(this.#channel, () => this.#fire())
        .then((r) => (r.ok ? r.value : undefined))
        .catch(() => undefined)
    }
    return () => {
      this.#listeners.delete(listener)
    }
  }

  /** Announces an append that committed. */
  appended(): void {
    this.#fire()
    if (this.#db.engine !== 'postgres' || this.#db.closed) return
    if (this.#inFlight) {
      this.#again = true
      return
    }
    this.#send()
  }

  #send(): void {
    this.#inFlight = true
    this.#again = false
    void this.#db
      .query('select pg_notify($1, $2)', [this.#channel, ''])
      .catch(() => {})
      .finally(() => {
        this.#inFlight = false
        if (this.#again && !this.#db.closed) this.#send()
      })
  }

  #fire(): void {
    for (const listener of this.#listeners) {
      try {
        listener()
      } catch {
        // A listener's own failure must not stop the others.
      }
    }
  }

  async close(): Promise<void> {
    this.#listeners.clear()
    const unlisten = await this.#unlisten
    this.#unlisten = undefined
    if (unlisten) await unlisten().catch(() => {})
  }
}
