import {
  type Attributes,
  type Meter,
  type MeterProvider,
  metrics,
  type ObservableResult,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordingTracerProvider } from '../../test/support/recording-tracer.js'
import { ManualClock } from '../core/clock.js'
import { UnavailableError } from '../core/errors.js'
import { Result } from '../core/result.js'
import { circuitBreaker } from './circuit-breaker.js'

// Recording OpenTelemetry providers, installed globally for this file (each test file runs in its
// own process), standing in for an SDK.
const counted: Array<{ name: string; value: number; attributes: Attributes | undefined }> = []
const gaugeCallbacks: Array<{ name: string; callback: (r: ObservableResult) => void }> = []
const meter = {
  createCounter: (name: string) => ({
    add: (value: number, attributes?: Attributes) => counted.push({ name, value, attributes }),
  }),
  createObservableGauge: (name: string) => ({
    addCallback: (callback: (r: ObservableResult) => void) => gaugeCallbacks.push({ name, callback }),
    removeCallback: () => {},
  }),
} as unknown as Meter
const meterProvider: MeterProvider = { getMeter: () => meter }

const { provider: tracerProvider, spans } = recordingTracerProvider()

describe('circuit breaker telemetry', () => {
  beforeAll(() => {
    metrics.setGlobalMeterProvider(meterProvider)
    trace.setGlobalTracerProvider(tracerProvider)
  })
  afterAll(() => {
    metrics.disable()
    trace.disable()
  })

  it('counts calls by outcome and reports the state as a gauge', async () => {
    const clock = new ManualClock(0)
    const breaker = circuitBreaker({ name: 'telemetry', failureThreshold: 1, clock })
    await breaker.execute(() => 1)
    await breaker.execute(() => Result.Err(new UnavailableError('x', 'down')))
    await breaker.execute(() => 2)
    const outcomes = counted
      .filter((c) => c.name === 'kairo.resilience.breaker.calls')
      .map((c) => [c.attributes?.['kairo.breaker'], c.attributes?.outcome, c.value])
    expect(outcomes).toEqual([
      ['telemetry', 'success', 1],
      ['telemetry', 'failure', 1],
      ['telemetry', 'rejected', 1],
    ])
    const observed: Array<[number, Attributes | undefined]> = []
    for (const g of gaugeCallbacks.filter((g) => g.name === 'kairo.resilience.breaker.state')) {
      g.callback({ observe: (value: number, attributes?: Attributes) => observed.push([value, attributes]) })
    }
    expect(observed).toEqual([[1, { 'kairo.breaker': 'telemetry' }]])
  })

  it('opens a span per call, marked failed for failures and rejections', async () => {
    spans.length = 0
    const breaker = circuitBreaker({ name: 'traced', failureThreshold: 1, clock: new ManualClock(0) })
    await breaker.execute(() => 'fine')
    await breaker.execute(() => {
      throw new Error('boom')
    })
    await breaker.execute(() => 'refused')
    expect(spans.map((s) => [s.name, s.attributes?.['kairo.breaker'], s.status ?? 'unset', s.ended])).toEqual([
      ['kairo.circuit_breaker', 'traced', 'unset', true],
      ['kairo.circuit_breaker', 'traced', SpanStatusCode.ERROR, true],
      ['kairo.circuit_breaker', 'traced', SpanStatusCode.ERROR, true],
    ])
  })
})
