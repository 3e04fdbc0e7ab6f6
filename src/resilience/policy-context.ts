import type { ExecuteOptions, WorkContext } from './policy.js'

/**
 * The context a policy hands to its work when it only passes the caller's signal through: the
 * signal is read from the caller when the work asks for it, and a never-firing one is made only then.
 *
 * @internal
 */
export class PolicyContext implements WorkContext {
  readonly #parent: ExecuteOptions | undefined
  #signal: AbortSignal | undefined
  readonly attempt: number

  constructor(parent: ExecuteOptions | undefined, attempt = parent?.attempt ?? 1) {
    this.#parent = parent
    this.attempt = attempt
  }

  get signal(): AbortSignal {
    this.#signal ??= this.#parent?.signal ?? new AbortController().signal
    return this.#signal
  }
}

/**
 * The context to hand to work: the caller's own context when it already is one (no allocation),
 * else a {@link PolicyContext} over the caller's options.
 *
 * @internal
 */
export function contextFor(options: ExecuteOptions | undefined): WorkContext {
  return options instanceof PolicyContext ? options : new PolicyContext(options)
}

/**
 * A context the policy can abort (timeout, hedge). The `AbortController` is created only when the
 * work reads `signal`; aborting before that just marks it, and the signal is born aborted.
 *
 * @internal
 */
export class AbortableContext extends PolicyContext {
  readonly #parent: ExecuteOptions | undefined
  #controller: AbortController | undefined
  #combined: AbortSignal | undefined
  #abortReason: unknown
  #aborted = false

  constructor(parent: ExecuteOptions | undefined, attempt?: number) {
    super(parent, attempt)
    this.#parent = parent
  }

  override get signal(): AbortSignal {
    if (this.#combined === undefined) {
      this.#controller = new AbortController()
      if (this.#aborted) this.#controller.abort(this.#abortReason)
      const outer = this.#parent?.signal
      this.#combined = outer ? AbortSignal.any([outer, this.#controller.signal]) : this.#controller.signal
    }
    return this.#combined
  }

  /** Fires the work's signal (now, or at birth if the work has not asked for it yet). */
  abort(reason: unknown): void {
    if (this.#aborted) return
    this.#aborted = true
    this.#abortReason = reason
    this.#controller?.abort(reason)
  }
}
