import { kairoMeter } from '../core/telemetry.js'

/** What each running consumer reports to the metrics callback. @internal */
export interface ConsumerGaugeSource {
  readonly name: string
  stalledMs(): number
}

const sources = new Set<ConsumerGaugeSource>()
let instruments:
  | {
      handled: ReturnType<ReturnType<typeof kairoMeter>['createCounter']>
      deadLettered: ReturnType<ReturnType<typeof kairoMeter>['createCounter']>
    }
  | undefined

function meters() {
  if (instruments) return instruments
  const meter = kairoMeter()
  meter
    .createObservableGauge('kairo.events.consumer.stalled', {
      description: 'how long a consumer has been held back by an older transaction still in progress',
      unit: 'ms',
    })
    .addCallback((result) => {
      for (const source of sources) result.observe(source.stalledMs(), { consumer: source.name })
    })
  instruments = {
    handled: meter.createCounter('kairo.events.consumer.handled', { description: 'events handled by consumers' }),
    deadLettered: meter.createCounter('kairo.events.consumer.dead_lettered', {
      description: 'events parked as dead letters after their retries',
    }),
  }
  return instruments
}

/** Metrics of the consumers in this process. @internal */
export const consumerMetrics = {
  register(source: ConsumerGaugeSource): () => void {
    meters()
    sources.add(source)
    return () => sources.delete(source)
  },
  handled(consumer: string, n: number): void {
    if (n > 0) meters().handled.add(n, { consumer })
  },
  deadLettered(consumer: string): void {
    meters().deadLettered.add(1, { consumer })
  },
}
