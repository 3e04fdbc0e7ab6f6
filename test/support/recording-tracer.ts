import type { Attributes, AttributeValue, Span, SpanOptions, Tracer, TracerProvider } from '@opentelemetry/api'

/** A span as the recording tracer saw it. */
export interface RecordedSpan {
  readonly name: string
  /** The attributes it started with, and those set on it afterwards. */
  readonly attributes: Record<string, AttributeValue | undefined>
  /** The status code set on it (`SpanStatusCode`), if any. */
  status?: number
  ended: boolean
}

/**
 * An OpenTelemetry tracer provider that records the spans started through `startActiveSpan`, for
 * tests that check what Kairo traces. Install it with `trace.setGlobalTracerProvider(provider)`
 * (each test file runs in its own process) and remove it with `trace.disable()`.
 */
export function recordingTracerProvider(): { provider: TracerProvider; spans: RecordedSpan[] } {
  const spans: RecordedSpan[] = []
  const tracer = {
    startActiveSpan(name: string, options: SpanOptions, fn: (span: Span) => unknown) {
      const record: RecordedSpan = { name, attributes: { ...(options.attributes as Attributes) }, ended: false }
      spans.push(record)
      const span = {
        setStatus: (s: { code: number }) => {
          record.status = s.code
        },
        setAttribute: (key: string, value: AttributeValue) => {
          record.attributes[key] = value
          return span
        },
        recordException: () => {},
        end: () => {
          record.ended = true
        },
        isRecording: () => true,
      } as unknown as Span
      return fn(span)
    },
    startSpan: () => {
      throw new Error('not used')
    },
  } as unknown as Tracer
  return { provider: { getTracer: () => tracer }, spans }
}
