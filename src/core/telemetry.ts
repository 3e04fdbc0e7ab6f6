import {
  type Attributes,
  INVALID_SPAN_CONTEXT,
  type Meter,
  metrics,
  ProxyTracerProvider,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api'
import { isKairoError } from './kairo-error.js'
import { Result } from './result.js'

/** The instrumentation scope every Kairo span is created under. */
export const KAIRO_TRACER_NAME = 'kairo'

/**
 * Runs `fn` inside an OpenTelemetry span named `name`. A thrown error or a returned `Err` marks the
 * span as failed (with the error's code); the span always ends. Costs next to nothing until an
 * OpenTelemetry SDK is installed, because `@opentelemetry/api` is a no-op without one.
 *
 * @example
 * ```ts
 * import { withSpan } from 'kairo'
 *
 * const r = await withSpan('orders.place', { 'order.items': 3 }, async () => placeOrder(input))
 * ```
 */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  // Without a tracer provider a span records nothing and there is no context to switch: skip the
  // span machinery (a few hundred ns per call) and run `fn` directly.
  if (tracingIsOff()) return fn(NON_RECORDING_SPAN)
  return trace.getTracer(KAIRO_TRACER_NAME).startActiveSpan(name, { attributes }, async (span) => {
    try {
      const value = await fn(span)
      if (Result.isResult(value) && !value.ok) markFailed(span, value.error)
      return value
    } catch (error) {
      markFailed(span, error)
      throw error
    } finally {
      span.end()
    }
  })
}

const NON_RECORDING_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT)
/** What the global provider delegates to before an SDK registers one (the API's no-op provider). */
const NOOP_DELEGATE = new ProxyTracerProvider().getDelegate()

function tracingIsOff(): boolean {
  const provider = trace.getTracerProvider()
  return provider instanceof ProxyTracerProvider && provider.getDelegate() === NOOP_DELEGATE
}

function markFailed(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  span.setStatus({ code: SpanStatusCode.ERROR, message })
  if (isKairoError(error)) span.setAttribute('kairo.error.code', error.code)
  if (error instanceof Error) span.recordException(error)
}

/**
 * The OpenTelemetry meter Kairo's modules record metrics on (`kairo.cache.hits`,
 * `kairo.resilience.calls`, …). A no-op until an OpenTelemetry SDK with a metric reader is installed.
 *
 * @example
 * ```ts
 * import { kairoMeter } from 'kairo'
 * const hits = kairoMeter().createCounter('kairo.cache.hits', { description: 'cache hits by layer' })
 * hits.add(1, { layer: 'memory' })
 * ```
 */
export function kairoMeter(): Meter {
  return metrics.getMeter(KAIRO_TRACER_NAME)
}
