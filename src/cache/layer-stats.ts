import { LatencyReservoir } from './latency-reservoir.js'

/** One latency sample is taken every this many operations, so the hot path stays cheap. */
const SAMPLE_EVERY = 8

/**
 * Counters of one layer. Plain numbers and a fixed reservoir: recording allocates nothing.
 * @internal
 */
export class LayerStats {
  hits = 0
  staleHits = 0
  misses = 0
  writes = 0
  deletes = 0
  errors = 0
  /** Operations not tried because the layer's circuit was open. */
  skipped = 0
  readonly latency = new LatencyReservoir(1024)
  /** Whether latencies are sampled (analytics enabled). */
  sampling = true
  #tick = 0

  /** The start time to measure this operation from, or -1 when it is not sampled. */
  startSample(): number {
    return this.sampling && ++this.#tick % SAMPLE_EVERY === 0 ? performance.now() : -1
  }

  endSample(started: number): void {
    if (started >= 0) this.latency.record(performance.now() - started)
  }

  get operations(): number {
    return this.hits + this.misses + this.writes + this.deletes + this.errors
  }
}
