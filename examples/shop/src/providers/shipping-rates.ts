import { resource } from 'kairo/resource'
import { type Infer, schema } from 'kairo/schema'

/** What a shipping quote depends on. */
export const RatesQuery = schema.object({
  country: schema
    .string()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code'),
  weightGrams: schema.number().int().positive().max(100_000),
})

export const ShippingRates = schema.object({
  rates: schema
    .array(
      schema.object({
        service: schema.enum(['standard', 'express']),
        priceCents: schema.number().int().nonnegative(),
        days: schema.number().int().positive(),
      }),
    )
    .nonempty(),
})
export type ShippingRates = Infer<typeof ShippingRates>

/**
 * The shipping-rates API. Quotes are GETs: retried, cached for a minute per destination and
 * weight, and identical concurrent quotes share one request.
 */
export const ShippingRatesAPI = resource(
  'shipping-rates',
  { quote: { path: '/v1/rates', query: RatesQuery, response: ShippingRates, description: 'Rates for a parcel' } },
  { defaultRetry: { times: 1, backoff: { delay: 50 } }, defaultTimeout: 1500, defaultCache: { ttl: 60_000 } },
)
export type ShippingRatesAPI = typeof ShippingRatesAPI
