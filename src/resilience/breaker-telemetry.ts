import type { Counter } from '@opentelemetry/api'
import { kairoMeter } from '../core/telemetry.js'

/** How a call through a breaker ended, as counted in `kairo.resilience.breaker.calls`. */
export type BreakerOutcome = 'success' | 'failure' | 'ignored' | 'rejected'

/** The value `kairo.resilience.breaker.state` reports for each state. */
export const BREAKER_STATE_CODES = Object.freeze({
  CLOSED: 0,
  OPEN: 1,
  HALF_OPEN: 2,
  FORCED_OPEN: 3,
  DISABLED: 4,
})

/**
 * One breaker's metrics on {@link kairoMeter}: the counter `kairo.resilience.breaker.calls`
 * (attributes `kairo.breaker`, `outcome`) and the gauge `kairo.resilience.breaker.state`
 * (attribute `kairo.breaker`, value from {@link BREAKER_STATE_CODES}). Instruments are made when
 * the breaker is, so install an OpenTelemetry SDK before creating breakers.
 *
 * @internal
 */
export function breakerTelemetry(name: string, currentState: () => keyof typeof BREAKER_STATE_CODES) {
  const meter = kairoMeter()
  const calls: Counter = meter.createCounter('kairo.resilience.breaker.calls', {
    description: 'calls through a circuit breaker, by outcome',
  })
  meter
    .createObservableGauge('kairo.resilience.breaker.state', {
      description: 'circuit breaker state: 0 closed, 1 open, 2 half-open, 3 forced open, 4 disabled',
    })
    .addCallback((result) => result.observe(BREAKER_STATE_CODES[currentState()], { 'kairo.breaker': name }))
  const attributes = {
    success: { 'kairo.breaker': name, outcome: 'success' },
    failure: { 'kairo.breaker': name, outcome: 'failure' },
    ignored: { 'kairo.breaker': name, outcome: 'ignored' },
    rejected: { 'kairo.breaker': name, outcome: 'rejected' },
  } as const
  return {
    count(outcome: BreakerOutcome): void {
      calls.add(1, attributes[outcome])
    },
  }
}
