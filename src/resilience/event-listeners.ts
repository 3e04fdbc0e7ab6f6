/**
 * Typed listeners keyed by event name. Emitting to an event nobody listens to costs one lookup.
 * A listener that throws does not stop the others or the call that emitted: its error is logged.
 *
 * @internal
 */
export class EventListeners<Events extends object> {
  readonly #byEvent = new Map<keyof Events, Array<(event: never) => void>>()

  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    const list = this.#byEvent.get(event) ?? []
    this.#byEvent.set(event, [...list, listener as (event: never) => void])
    return () => {
      const current = this.#byEvent.get(event) ?? []
      this.#byEvent.set(
        event,
        current.filter((l) => l !== listener),
      )
    }
  }

  has(event: keyof Events): boolean {
    return (this.#byEvent.get(event)?.length ?? 0) > 0
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const list = this.#byEvent.get(event)
    if (list === undefined) return
    for (const listener of list) {
      try {
        ;(listener as (payload: Events[K]) => void)(payload)
      } catch (error) {
        console.error(`kairo: a listener of "${String(event)}" threw`, error)
      }
    }
  }
}
