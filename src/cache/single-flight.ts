/**
 * Runs at most one call per key at a time: callers asking for a key already under way get the
 * same promise. The entry is removed when the call settles.
 *
 * @example
 * ```ts
 * const flights = new SingleFlight<string, number>()
 * const [a, b] = await Promise.all([flights.run('k', load), flights.run('k', load)]) // load ran once
 * ```
 * @internal
 */
export class SingleFlight<K, V> {
  readonly #inFlight = new Map<K, Promise<V>>()

  /** The call under way for `key`, if any. */
  get(key: K): Promise<V> | undefined {
    return this.#inFlight.get(key)
  }

  run(key: K, fn: () => Promise<V>): Promise<V> {
    const existing = this.#inFlight.get(key)
    if (existing) return existing
    const promise = fn().finally(() => {
      if (this.#inFlight.get(key) === promise) this.#inFlight.delete(key)
    })
    this.#inFlight.set(key, promise)
    return promise
  }

  get size(): number {
    return this.#inFlight.size
  }
}
