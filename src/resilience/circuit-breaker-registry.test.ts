import { describe, expect, it } from 'vitest'
import { ManualClock } from '../core/clock.js'
import { UnavailableError } from '../core/errors.js'
import { Result } from '../core/result.js'
import { circuitBreakerRegistry, createCircuitBreakerRegistry } from './circuit-breaker-registry.js'

describe('circuit breaker registry', () => {
  it('makes one breaker per name with the seed option names, and returns it on later calls', async () => {
    const clock = new ManualClock(0)
    const registry = createCircuitBreakerRegistry({ clock })
    const ai = registry.getBreaker('gemini-api', { failureThreshold: 2, timeout: 60_000 })
    expect(registry.getBreaker('gemini-api')).toBe(ai)
    expect(registry.get('gemini-api')).toBe(ai)
    expect(registry.get('other')).toBeUndefined()
    expect(ai.name).toBe('gemini-api')
    for (let i = 0; i < 2; i++) await ai.execute(() => Result.Err(new UnavailableError('ai', 'down')))
    expect(registry.getBreaker('gemini-api', { failureThreshold: 100 }).state).toBe('OPEN')
  })

  it('runs execute(fn, fallback) as in the seed', async () => {
    const registry = createCircuitBreakerRegistry({ clock: new ManualClock(0) })
    const breaker = registry.getBreaker('ai', { failureThreshold: 1 })
    const answer = await breaker.execute(
      async () => {
        throw new Error('AI service error')
      },
      () => ({ content: 'Fallback response' }),
    )
    expect(answer).toEqual(Result.Ok({ content: 'Fallback response' }))
    expect(breaker.state).toBe('OPEN')
  })

  it('reports the health of every breaker', async () => {
    const clock = new ManualClock(0)
    const registry = createCircuitBreakerRegistry({ clock, timeout: 60_000 })
    registry.getBreaker('gemini-api')
    const openai = registry.getBreaker('openai-api', { failureThreshold: 1 })
    await openai.execute(() => Result.Err(new UnavailableError('openai', 'down')))
    await clock.advance(15_000)
    expect(registry.getAllHealth()).toEqual({
      'gemini-api': { healthy: true, state: 'CLOSED', failureRate: 0, slowCallRate: 0, message: 'Circuit closed' },
      'openai-api': {
        healthy: false,
        state: 'OPEN',
        failureRate: 1,
        slowCallRate: 0,
        message: 'Circuit open - retry in 45000ms',
      },
    })
    registry.resetAll()
    expect(registry.breakers().map((b) => b.state)).toEqual(['CLOSED', 'CLOSED'])
  })

  it('keeps isolated registries apart from each other and from the shared one', () => {
    const a = createCircuitBreakerRegistry()
    const b = createCircuitBreakerRegistry()
    expect(a.getBreaker('payments')).not.toBe(b.getBreaker('payments'))
    expect(circuitBreakerRegistry.getBreaker('registry-test')).toBe(circuitBreakerRegistry.getBreaker('registry-test'))
    expect(a.get('registry-test')).toBeUndefined()
  })
})
