import { Hono } from 'hono'
import { quoteOrder } from '../domain/order-quote.js'
import { OrderRequest } from '../domain/shop-schemas.js'
import { jsonBody } from '../http/json-body.js'

/**
 * `POST /orders/quote`: validates an order request against the shop's `OrderRequest` schema and
 * answers with its price (lines, subtotal, tax by destination country, total). Invalid requests
 * get a 400 listing every issue.
 */
export function quoteRoutes(): Hono {
  return new Hono().post('/orders/quote', jsonBody(OrderRequest), (c) => c.json(quoteOrder(c.req.valid('json'))))
}
