/**
 * Counts statements and transactions under way so `close()` can wait for them: closing the app
 * while a query runs must not lose anything the database acknowledged.
 * @internal
 */
export class InFlightWork {
  #count = 0
  #closing = false
  #idle: Array<() => void> = []

  get closing(): boolean {
    return this.#closing
  }

  /** Registers one unit of work; false once closing has begun. */
  enter(): boolean {
    if (this.#closing) return false
    this.#count++
    return true
  }

  leave(): void {
    this.#count--
    if (this.#count === 0) for (const wake of this.#idle.splice(0)) wake()
  }

  /** Refuses new work, then resolves when the work under way is done or `timeoutMs` passes. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.#closing = true
    if (this.#count === 0) return true
    let timer: NodeJS.Timeout | undefined
    const drained = await Promise.race([
      new Promise<true>((resolve) => this.#idle.push(() => resolve(true))),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs)
      }),
    ])
    clearTimeout(timer)
    return drained
  }
}
