import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { NotFoundError, TimeoutError, UnavailableError } from '../core/errors.js'
import { KairoError } from '../core/kairo-error.js'
import { Result } from '../core/result.js'
import { type RetryEvent, retry } from './retry.js'

/** Work that fails `failures` times with `error`, then answers `value`; records each attempt. */
function flaky<E, T>(failures: number, error: E, value: T) {
  const attempts: number[] = []
  const work = ({ attempt }: { attempt: number }): Result<E, T> => {
    attempts.push(attempt)
    return attempts.length <= failures ? Result.Err(error) : Result.Ok(value)
  }
  return { work, attempts }
}

/** Runs `promise` while advancing the manual clock until it settles, returning the delays slept. */
async function drive<T>(clock: ManualClock, promise: Promise<T>, stepMs = 1): Promise<T> {
  let done = false
  const out = promise.finally(() => {
    done = true
  })
  while (!done) await clock.advance(stepMs)
  return out
}

describe('retry', () => {
  const transient = new UnavailableError('rates', 'connection reset')

  it('returns the first success and reports attempt numbers from 1', async () => {
    const clock = new ManualClock(0)
    const { work, attempts } = flaky(2, transient, 'ok')
    const r = await drive(clock, retry({ maxAttempts: 5, clock }).execute(work))
    expect(r).toEqual(Result.Ok('ok'))
    expect(attempts).toEqual([1, 2, 3])
  })

  it('returns the last failure once attempts run out', async () => {
    const clock = new ManualClock(0)
    const errors = [new UnavailableError('a', '1'), new UnavailableError('a', '2'), new UnavailableError('a', '3')]
    let i = 0
    const r = await drive(
      clock,
      retry({ maxAttempts: 3, clock }).execute(() => Result.Err(errors[i++]!)),
    )
    expect(i).toBe(3)
    expect(!r.ok && r.error).toBe(errors[2])
  })

  it('waits the constant delay with no jitter', async () => {
    const clock = new ManualClock(0)
    const events: RetryEvent[] = []
    const times: number[] = []
    const policy = retry({
      maxAttempts: 4,
      backoff: { type: 'constant', delay: 250, jitter: 'none' },
      clock,
      onRetry: (e) => events.push(e),
    })
    await drive(
      clock,
      policy.execute(() => {
        times.push(clock.now())
        return Result.Err(transient)
      }),
    )
    expect(events.map((e) => e.delayMs)).toEqual([250, 250, 250])
    expect(times).toEqual([0, 250, 500, 750])
  })

  it('grows exponentially and caps at maxDelay with no jitter', async () => {
    const clock = new ManualClock(0)
    const delays: number[] = []
    const policy = retry({
      maxAttempts: 6,
      backoff: { type: 'exponential', delay: 100, factor: 3, maxDelay: 2000, jitter: 'none' },
      clock,
      onRetry: (e) => delays.push(e.delayMs),
    })
    await drive(
      clock,
      policy.execute(() => Result.Err(transient)),
      50,
    )
    expect(delays).toEqual([100, 300, 900, 2000, 2000])
  })

  it('applies full jitter as random × the computed delay', async () => {
    const clock = new ManualClock(0)
    const randoms = [0.5, 0.25, 0]
    const delays: number[] = []
    const policy = retry({
      maxAttempts: 4,
      backoff: { type: 'exponential', delay: 100, jitter: 'full' },
      random: () => randoms.shift()!,
      clock,
      onRetry: (e) => delays.push(e.delayMs),
    })
    await drive(
      clock,
      policy.execute(() => Result.Err(transient)),
    )
    expect(delays).toEqual([50, 50, 0])
  })

  it('applies decorrelated jitter between delay and three times the previous delay', async () => {
    const clock = new ManualClock(0)
    const randoms = [1, 1, 0.5, 0]
    const delays: number[] = []
    const policy = retry({
      maxAttempts: 5,
      backoff: { delay: 100, maxDelay: 1000, jitter: 'decorrelated' },
      random: () => randoms.shift()!,
      clock,
      onRetry: (e) => delays.push(e.delayMs),
    })
    await drive(
      clock,
      policy.execute(() => Result.Err(transient)),
    )
    // 100 + 1×(300-100) = 300; 100 + 1×(900-100) = 900; 100 + 0.5×(2700-100) capped at 1000; then 100.
    expect(delays).toEqual([300, 900, 1000, 100])
  })

  it('does not retry a KairoError that is not retryable', async () => {
    const { work, attempts } = flaky(5, new NotFoundError('user', 'u1'), 'never')
    const r = await retry({ maxAttempts: 5, clock: new ManualClock() }).execute(work)
    expect(attempts).toEqual([1])
    expect(!r.ok && r.error.code).toBe('NOT_FOUND')
  })

  it('retries thrown errors and rejected promises, keeping what was thrown as the cause', async () => {
    const clock = new ManualClock(0)
    const boom = new Error('socket hang up')
    let calls = 0
    const r = await drive(
      clock,
      retry({ maxAttempts: 3, clock }).execute(async () => {
        calls++
        if (calls === 1) throw boom
        if (calls === 2) return Promise.reject('plain string')
        return 7
      }),
    )
    expect(r).toEqual(Result.Ok(7))
    const failed = await drive(
      clock,
      retry({ maxAttempts: 2, clock }).execute(() => {
        throw boom
      }),
    )
    expect(!failed.ok && failed.error.code).toBe('THROWN')
    expect(!failed.ok && failed.error.cause).toBe(boom)
  })

  it('does not retry a thrown error marked retryable: false', async () => {
    let calls = 0
    const r = await retry({ maxAttempts: 3, clock: new ManualClock() }).execute(() => {
      calls++
      throw Object.assign(new Error('bad request'), { retryable: false })
    })
    expect(calls).toBe(1)
    expect(!r.ok && r.error.retryable).toBe(false)
  })

  it('asks retryIf with the error and the attempt number', async () => {
    const clock = new ManualClock(0)
    const seen: Array<[string, number]> = []
    const r = await drive(
      clock,
      retry({
        maxAttempts: 5,
        clock,
        retryIf: (error, attempt) => {
          seen.push([(error as KairoError).code, attempt])
          return attempt < 2
        },
      }).execute(() => Result.Err(new KairoError('PAYMENT_DECLINED', 'declined'))),
    )
    expect(seen).toEqual([
      ['PAYMENT_DECLINED', 1],
      ['PAYMENT_DECLINED', 2],
    ])
    expect(!r.ok && r.error.code).toBe('PAYMENT_DECLINED')
  })

  it('stops with AbortedError when the signal aborts during a backoff, without another attempt', async () => {
    const clock = new ManualClock(0)
    const controller = new AbortController()
    let calls = 0
    const pending = retry({ maxAttempts: 5, backoff: { delay: 1000, jitter: 'none' }, clock }).execute(
      () => {
        calls++
        return Result.Err(new TimeoutError('call', 10))
      },
      { signal: controller.signal },
    )
    await clock.advance(500)
    expect(calls).toBe(1)
    controller.abort(new Error('client went away'))
    const r = await pending
    expect(!r.ok && r.error.code).toBe('ABORTED')
    expect(!r.ok && (r.error.cause as Error).message).toBe('client went away')
    await clock.advance(10_000)
    expect(calls).toBe(1)
  })

  it('hands the caller signal to the work', async () => {
    const controller = new AbortController()
    let seen: AbortSignal | undefined
    await retry().execute(
      ({ signal }) => {
        seen = signal
      },
      { signal: controller.signal },
    )
    expect(seen).toBe(controller.signal)
  })

  it('rejects a nonsensical maxAttempts at definition time', () => {
    expect(() => retry({ maxAttempts: 0 })).toThrow(RangeError)
  })
})
