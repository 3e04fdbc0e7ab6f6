/** Percentiles of recent latencies, in milliseconds. */
export interface LatencyPercentiles {
  readonly p50: number
  readonly p95: number
  readonly p99: number
  /** How many samples they were computed from. */
  readonly samples: number
}

/**
 * The latest `capacity` latency samples in a fixed ring buffer: recording allocates nothing, and
 * percentiles are computed only when asked for.
 *
 * @example
 * ```ts
 * const r = new LatencyReservoir(256)
 * r.record(0.2)
 * r.percentiles() // { p50: 0.2, p95: 0.2, p99: 0.2, samples: 1 }
 * ```
 * @internal
 */
export class LatencyReservoir {
  readonly #samples: Float64Array
  #next = 0
  #count = 0

  constructor(capacity = 1024) {
    this.#samples = new Float64Array(capacity)
  }

  record(ms: number): void {
    this.#samples[this.#next] = ms
    this.#next = (this.#next + 1) % this.#samples.length
    if (this.#count < this.#samples.length) this.#count++
  }

  percentiles(): LatencyPercentiles {
    if (this.#count === 0) return { p50: 0, p95: 0, p99: 0, samples: 0 }
    const sorted = this.#samples.slice(0, this.#count).sort()
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), samples: this.#count }
  }

  reset(): void {
    this.#next = 0
    this.#count = 0
  }
}
