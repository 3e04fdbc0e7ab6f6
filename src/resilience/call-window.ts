import { type BreakerCall, checkCount } from './breaker-strategy.js'

/** Totals of the calls a window holds. @internal */
export interface WindowTotals {
  calls: number
  failures: number
  slowCalls: number
}

/** A sliding window of calls: the last N calls, or the calls of the last T milliseconds. @internal */
export interface CallWindow {
  record(call: BreakerCall, now: number): void
  totals(now: number): WindowTotals
  reset(): void
}

/**
 * The last `size` calls, in a ring buffer with running totals: recording is O(1).
 *
 * @internal
 */
export function countWindow(size: number): CallWindow {
  checkCount('window size', size)
  const failed = new Uint8Array(size)
  const slow = new Uint8Array(size)
  const totals: WindowTotals = { calls: 0, failures: 0, slowCalls: 0 }
  let next = 0
  return {
    record(call) {
      if (totals.calls === size) {
        totals.failures -= failed[next]!
        totals.slowCalls -= slow[next]!
      } else {
        totals.calls++
      }
      failed[next] = call.failed ? 1 : 0
      slow[next] = call.slow ? 1 : 0
      totals.failures += failed[next]!
      totals.slowCalls += slow[next]!
      next = (next + 1) % size
    },
    totals: () => ({ ...totals }),
    reset() {
      failed.fill(0)
      slow.fill(0)
      totals.calls = totals.failures = totals.slowCalls = 0
      next = 0
    },
  }
}

/**
 * The calls of the last `windowMs` milliseconds, in `buckets` buckets of `windowMs / buckets` ms
 * each: a bucket older than the window is emptied before it is reused, so old calls drop out a
 * bucket at a time.
 *
 * @internal
 */
export function timeWindow(windowMs: number, buckets: number): CallWindow {
  checkCount('buckets', buckets)
  if (!(windowMs > 0)) throw new RangeError(`circuitBreaker: windowMs must be > 0, got ${windowMs}`)
  const bucketMs = windowMs / buckets
  const epochs = new Float64Array(buckets).fill(-1)
  const calls = new Uint32Array(buckets)
  const failures = new Uint32Array(buckets)
  const slowCalls = new Uint32Array(buckets)
  const slot = (epoch: number) => epoch % buckets
  return {
    record(call, now) {
      const epoch = Math.floor(now / bucketMs)
      const i = slot(epoch)
      if (epochs[i] !== epoch) {
        epochs[i] = epoch
        calls[i] = failures[i] = slowCalls[i] = 0
      }
      calls[i]!++
      if (call.failed) failures[i]!++
      if (call.slow) slowCalls[i]!++
    },
    totals(now) {
      const current = Math.floor(now / bucketMs)
      const sum: WindowTotals = { calls: 0, failures: 0, slowCalls: 0 }
      for (let i = 0; i < buckets; i++) {
        const epoch = epochs[i]!
        if (epoch < 0 || epoch <= current - buckets || epoch > current) continue
        sum.calls += calls[i]!
        sum.failures += failures[i]!
        sum.slowCalls += slowCalls[i]!
      }
      return sum
    },
    reset() {
      epochs.fill(-1)
    },
  }
}
