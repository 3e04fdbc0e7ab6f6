import { type Infer, type InferInput, schema } from 'kairo/schema'

/**
 * The shop's data, declared once: these schemas validate HTTP input, type the code, and are what
 * later parts of the shop derive tables and API documents from.
 */

/** Money in the shop's currency, to the cent. */
export const Money = schema.number().nonnegative().multipleOf(0.01).describe('amount in EUR, to the cent')

/** A postal address; `country` is an ISO 3166-1 alpha-2 code. */
export const Address = schema.object({
  name: schema.string().trim().min(1).max(120),
  street: schema.string().trim().min(1).max(200),
  city: schema.string().trim().min(1).max(100),
  postcode: schema.string().trim().min(2).max(12),
  country: schema
    .string()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code'),
})
export type Address = Infer<typeof Address>

export const CustomerId = schema.string().uuid().brand('CustomerId')
export const ProductId = schema.string().uuid().brand('ProductId')

export const Customer = schema.object({
  id: CustomerId,
  email: schema.string().trim().toLowerCase().email().max(254),
  name: schema.string().trim().min(1).max(120),
  defaultAddress: Address.optional(),
  createdAt: schema.date(),
})
export type Customer = Infer<typeof Customer>

export const Product = schema.object({
  id: ProductId,
  sku: schema.string().regex(/^[A-Z]{3}-\d{4}$/, 'must look like ABC-1234'),
  name: schema.string().min(1).max(200),
  price: Money,
  stock: schema.number().int().nonnegative(),
  active: schema.boolean().default(true),
})
export type Product = Infer<typeof Product>

/** How an order is paid. */
export const PaymentMethod = schema.discriminatedUnion('type', [
  schema.object({
    type: schema.literal('card'),
    last4: schema.string().regex(/^\d{4}$/, 'must be four digits'),
    brand: schema.enum(['visa', 'mastercard', 'amex']),
  }),
  schema.object({ type: schema.literal('paypal'), email: schema.string().email() }),
  schema.object({ type: schema.literal('invoice'), dueDays: schema.number().int().min(0).max(90).default(30) }),
])
export type PaymentMethod = Infer<typeof PaymentMethod>

export const OrderLine = schema.object({
  productId: ProductId,
  quantity: schema.number().int().positive().max(1000),
  unitPrice: Money,
})
export type OrderLine = Infer<typeof OrderLine>

/** What a client sends to price (or place) an order. */
export const OrderRequest = schema
  .object({
    customerId: CustomerId.optional(),
    lines: schema.array(OrderLine).nonempty('an order needs at least one line').max(100),
    shippingAddress: Address,
    payment: PaymentMethod,
    note: schema.string().max(500).optional(),
  })
  .strict()
  .refine((order) => new Set(order.lines.map((l) => l.productId)).size === order.lines.length, {
    message: 'each product may appear on one line only',
    path: ['lines'],
  })
export type OrderRequest = Infer<typeof OrderRequest>
export type OrderRequestInput = InferInput<typeof OrderRequest>

export const OrderStatus = schema.enum(['pending', 'paid', 'shipped', 'delivered', 'cancelled'])

export const Order = schema.object({
  id: schema.string().uuid().brand('OrderId'),
  customerId: CustomerId,
  status: OrderStatus,
  lines: schema.array(OrderLine).nonempty(),
  shippingAddress: Address,
  payment: PaymentMethod,
  subtotal: Money,
  tax: Money,
  total: Money,
  placedAt: schema.date(),
})
export type Order = Infer<typeof Order>
