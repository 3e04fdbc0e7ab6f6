import { Ok, type Result } from '../core/result.js'
import type { Claim, IdempotencyStore, StoredOutcome } from './idempotency-store.js'

/** Command outcomes in a Map, for one process. @internal */
export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly #entries = new Map<string, { outcome: StoredOutcome | undefined; claimedAt: number }>()

  async claim(commandId: string, _type: string, staleAfterMs: number): Promise<Result<never, Claim>> {
    const entry = this.#entries.get(commandId)
    if (entry?.outcome) return new Ok({ status: 'done', outcome: entry.outcome })
    if (entry && Date.now() - entry.claimedAt < staleAfterMs) return new Ok({ status: 'pending' })
    this.#entries.set(commandId, { outcome: undefined, claimedAt: Date.now() })
    return new Ok({ status: 'claimed' })
  }

  async complete(commandId: string, outcome: StoredOutcome): Promise<Result<never, void>> {
    this.#entries.set(commandId, { outcome: JSON.parse(JSON.stringify(outcome)), claimedAt: Date.now() })
    return new Ok(undefined)
  }

  async release(commandId: string): Promise<Result<never, void>> {
    this.#entries.delete(commandId)
    return new Ok(undefined)
  }
}
