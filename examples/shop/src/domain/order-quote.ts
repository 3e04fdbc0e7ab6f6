import type { OrderRequest } from './shop-schemas.js'

/** VAT by destination country; other destinations are quoted without tax. */
export const TAX_RATES: Readonly<Record<string, number>> = Object.freeze({
  FR: 0.2,
  DE: 0.19,
  IT: 0.22,
  ES: 0.21,
  BE: 0.21,
  NL: 0.21,
})

/** The price of an order request. Amounts in EUR, rounded to the cent. */
export interface OrderQuote {
  readonly currency: 'EUR'
  readonly lines: ReadonlyArray<{ productId: string; quantity: number; unitPrice: number; lineTotal: number }>
  readonly subtotal: number
  readonly taxRate: number
  readonly tax: number
  readonly total: number
}

/** Prices a validated order request: sums in whole cents, so no binary-fraction drift. */
export function quoteOrder(order: OrderRequest): OrderQuote {
  const lines = order.lines.map((line) => {
    const cents = Math.round(line.unitPrice * 100) * line.quantity
    return { productId: line.productId, quantity: line.quantity, unitPrice: line.unitPrice, lineTotal: cents / 100 }
  })
  const subtotalCents = lines.reduce((sum, line) => sum + Math.round(line.lineTotal * 100), 0)
  const taxRate = TAX_RATES[order.shippingAddress.country] ?? 0
  const taxCents = Math.round(subtotalCents * taxRate)
  return {
    currency: 'EUR',
    lines,
    subtotal: subtotalCents / 100,
    taxRate,
    tax: taxCents / 100,
    total: (subtotalCents + taxCents) / 100,
  }
}
