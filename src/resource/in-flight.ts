interface Flight<T> {
  readonly promise: Promise<T>
  /** Present while every caller so far can abort: when all of them have, the work is aborted. */
  controller: AbortController | undefined
  /** Callers still waiting that could abort. */
  abortable: number
}

/**
 * Identical concurrent calls share one piece of work: the first caller starts it, callers with
 * the same key that arrive before it settles wait for the same outcome. A caller whose signal
 * fires stops waiting at once (with `aborted(reason)`); the work itself is aborted only when every
 * caller waiting for it has aborted.
 *
 * @internal
 */
export class InFlight<T> {
  readonly #flights = new Map<string, Flight<T>>()

  /** How many keys have work under way. */
  get size(): number {
    return this.#flights.size
  }

  /**
   * The outcome of the work under `key`: shared when one is under way (`coalesced: true`), else
   * started with `start(signal)`.
   */
  run(
    key: string,
    start: (signal: AbortSignal | undefined) => Promise<T>,
    signal: AbortSignal | undefined,
    aborted: (reason: unknown) => T,
  ): { readonly outcome: Promise<T>; readonly coalesced: boolean } {
    if (signal?.aborted) return { outcome: Promise.resolve(aborted(signal.reason)), coalesced: false }
    let flight = this.#flights.get(key)
    const coalesced = flight !== undefined
    if (flight === undefined) {
      const controller = signal ? new AbortController() : undefined
      const started = start(controller?.signal)
      const created: Flight<T> = { promise: started, controller, abortable: 0 }
      flight = created
      this.#flights.set(key, created)
      const done = () => {
        if (this.#flights.get(key) === created) this.#flights.delete(key)
      }
      started.then(done, done)
    }
    if (signal === undefined) {
      flight.controller = undefined // this caller cannot abort, so the work must go on
      return { outcome: flight.promise, coalesced }
    }
    return { outcome: this.#wait(key, flight, signal, aborted), coalesced }
  }

  #wait(key: string, flight: Flight<T>, signal: AbortSignal, aborted: (reason: unknown) => T): Promise<T> {
    flight.abortable++
    return new Promise<T>((resolve) => {
      const onAbort = () => {
        flight.abortable--
        if (flight.abortable === 0 && flight.controller) {
          // Nobody waits any more: later callers must not join work that is being cancelled.
          if (this.#flights.get(key) === flight) this.#flights.delete(key)
          flight.controller.abort(signal.reason)
        }
        resolve(aborted(signal.reason))
      }
      signal.addEventListener('abort', onAbort, { once: true })
      flight.promise.then((value) => {
        signal.removeEventListener('abort', onAbort)
        if (!signal.aborted) {
          flight.abortable--
          resolve(value)
        }
      })
    })
  }
}
