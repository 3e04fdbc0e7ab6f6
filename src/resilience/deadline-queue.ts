import type { Clock } from '../core/clock.js'

/** A pending deadline; `fire` is cleared when it is cancelled or has fired. @internal */
export interface Deadline {
  readonly at: number
  fire: (() => void) | undefined
}

/**
 * Deadlines that all lie the same `delayMs` ahead, so they come due in the order they were added:
 * one clock timer serves them all. Adding is a push, cancelling is a flag, and the timer is armed
 * only when none is, which spares a `setTimeout`/`clearTimeout` pair per call. Cancelled entries
 * are dropped from the head at once and compacted away when they pile up behind a slow call.
 *
 * @internal
 */
export class DeadlineQueue {
  readonly #clock: Clock
  readonly #delayMs: number
  /** Slots `#head` to `#tail - 1` hold the queue; emptied slots are cleared for the GC. */
  #entries: Array<Deadline | undefined> = []
  #head = 0
  #tail = 0
  #cancelled = 0
  #armed = false

  constructor(clock: Clock, delayMs: number) {
    this.#clock = clock
    this.#delayMs = delayMs
  }

  /** Calls `fire` in `delayMs` unless cancelled first. */
  add(fire: () => void): Deadline {
    const deadline: Deadline = { at: this.#clock.now() + this.#delayMs, fire }
    this.#entries[this.#tail++] = deadline
    if (!this.#armed) this.#arm(this.#delayMs)
    return deadline
  }

  cancel(deadline: Deadline): void {
    if (deadline.fire === undefined) return
    deadline.fire = undefined
    this.#cancelled++
    this.#dropCancelledHead()
    if (this.#cancelled > 1024 && this.#cancelled * 2 > this.#tail - this.#head) this.#compact()
  }

  #arm(ms: number): void {
    this.#armed = true
    this.#clock.schedule(() => this.#onTimer(), ms)
  }

  #onTimer(): void {
    this.#armed = false
    const now = this.#clock.now()
    while (this.#head < this.#tail) {
      const next = this.#entries[this.#head]!
      if (next.fire !== undefined && next.at > now) break
      this.#entries[this.#head++] = undefined
      if (next.fire === undefined) {
        this.#cancelled--
        continue
      }
      const fire = next.fire
      next.fire = undefined
      fire()
    }
    this.#dropCancelledHead()
    if (this.#head < this.#tail) this.#arm(this.#entries[this.#head]!.at - now)
  }

  #dropCancelledHead(): void {
    const entries = this.#entries
    while (this.#head < this.#tail && entries[this.#head]!.fire === undefined) {
      entries[this.#head++] = undefined
      this.#cancelled--
    }
    if (this.#head === this.#tail) {
      this.#head = this.#tail = 0
      if (entries.length > 4096) this.#entries = []
    } else if (this.#head > 1024 && this.#head * 2 > this.#tail) {
      this.#compact()
    }
  }

  #compact(): void {
    const live: Array<Deadline | undefined> = []
    for (let i = this.#head; i < this.#tail; i++) {
      const d = this.#entries[i]!
      if (d.fire !== undefined) live.push(d)
    }
    this.#entries = live
    this.#head = 0
    this.#tail = live.length
    this.#cancelled = 0
  }

  /** Slots in use, cancelled ones included (for tests: it must stay bounded). */
  get slots(): number {
    return this.#tail - this.#head
  }

  /** Deadlines still waiting (for tests). */
  get size(): number {
    return this.#tail - this.#head - this.#cancelled
  }
}
