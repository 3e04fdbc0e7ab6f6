import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { LayerCircuitBreaker, type LayerCircuitState } from './layer-circuit-breaker.js'

describe('LayerCircuitBreaker (temporary, until kairo/resilience)', () => {
  it('opens after consecutive failures, lets one trial through after openMs, and closes on its success', async () => {
    const clock = new ManualClock(0)
    const b = new LayerCircuitBreaker(clock, { failureThreshold: 3, openMs: 1000 })
    const states: LayerCircuitState[] = []
    b.onStateChange((s) => states.push(s))
    for (let i = 0; i < 2; i++) {
      expect(b.allow()).toBe(true)
      b.failure()
    }
    b.allow()
    b.success() // a success resets the count
    for (let i = 0; i < 3; i++) {
      expect(b.allow()).toBe(true)
      b.failure()
    }
    expect(b.state).toBe('open')
    expect(b.allow()).toBe(false)
    expect(b.retryAfter).toBe(1000)
    await clock.advance(1000)
    expect(b.allow()).toBe(true) // the trial
    expect(b.allow()).toBe(false) // only one at a time
    b.success()
    expect(b.state).toBe('closed')
    expect(states).toEqual(['open', 'half-open', 'closed'])
  })

  it('opens again for another openMs when the trial fails', async () => {
    const clock = new ManualClock(0)
    const b = new LayerCircuitBreaker(clock, { failureThreshold: 1, openMs: 500 })
    b.allow()
    b.failure()
    await clock.advance(500)
    expect(b.allow()).toBe(true)
    b.failure()
    expect(b.state).toBe('open')
    await clock.advance(499)
    expect(b.allow()).toBe(false)
    await clock.advance(1)
    expect(b.allow()).toBe(true)
  })
})
