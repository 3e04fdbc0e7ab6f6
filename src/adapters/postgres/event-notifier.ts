import type { Database } from './database.js'

/**
 * Wakes readers of the global log when events were appended: listeners in this process at once, and
 * other processes through `NOTIFY` on a PostgreSQL server. The NOTIFY is sent after the append
 * committed, in its own statement, at most once per {@link NOTIFY_INTERVAL_MS} however many appends
 * happened meanwhile: appends never take PostgreSQL's commit-time NOTIFY lock (concurrent writers keep
 * group commit), and a busy writer does not double its statements. A lost notification only delays
 * a reader until its next poll.
 * @internal
 */
/** The longest a NOTIFY waits for more appends to announce together. @internal */
export const NOTIFY_INTERVAL_MS = 10

export class EventNotifier {
  readonly #db: Database
  readonly #channel: string
  readonly #listeners = new Set<() => void>()
  #unlisten: Promise<(() => Promise<void>) | undefined> | undefined
  #scheduled = false

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
    if (this.#db.engine !== 'postgres' || this.#db.closed || this.#scheduled) return
    this.#scheduled = true
    const timer = setTimeout(() => {
      this.#scheduled = false
      if (this.#db.closed) return
      void this.#db.query('select pg_notify($1, $2)', [this.#channel, '']).catch(() => {})
    }, NOTIFY_INTERVAL_MS)
    timer.unref?.()
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
