import type { Result } from 'kairo'
import type { DatabaseFailure, SqlExecutor } from 'kairo/postgres'

/** A product as the catalog serves it. */
export interface Product {
  readonly id: string
  readonly name: string
  /** In the shop's currency, two decimals. */
  readonly price: number
  readonly updatedAt: Date
}

type ProductRow = {
  id: string
  name: string
  price_cents: number
  updated_at: Date
}

const SEED: readonly [string, string, number][] = [
  ['p-100', 'Fountain pen', 2490],
  ['p-101', 'Notebook, dotted', 1250],
  ['p-102', 'Ink, blue-black', 890],
  ['p-103', 'Desk lamp', 5900],
  ['p-104', 'Paper clips (100)', 199],
]

// Plain SQL until the data layer's repositories arrive; they will replace this file.

/** Creates the `products` table and fills it with a few products when it is empty. */
export async function setUpProductsTable(db: SqlExecutor): Promise<Result<DatabaseFailure, void>> {
  const created = await db.exec(`create table if not exists products (
    id text primary key,
    name text not null,
    price_cents integer not null check (price_cents >= 0),
    updated_at timestamptz not null default now()
  )`)
  if (!created.ok) return created
  const params = SEED.flat()
  const values = SEED.map((_, i) => `($${3 * i + 1}, $${3 * i + 2}, $${3 * i + 3})`).join(', ')
  const seeded = await db.query(
    `insert into products (id, name, price_cents) values ${values} on conflict (id) do nothing`,
    params,
  )
  return seeded.map(() => undefined)
}

/** Every product, by id. */
export async function selectProducts(db: SqlExecutor): Promise<Result<DatabaseFailure, Product[]>> {
  const r = await db.query<ProductRow>('select id, name, price_cents, updated_at from products order by id')
  return r.map((q) => q.rows.map(toProduct))
}

/** One product, or `undefined`. */
export async function selectProduct(
  db: SqlExecutor,
  id: string,
): Promise<Result<DatabaseFailure, Product | undefined>> {
  const r = await db.query<ProductRow>('select id, name, price_cents, updated_at from products where id = $1', [id])
  return r.map((q) => (q.rows[0] ? toProduct(q.rows[0]) : undefined))
}

/** Sets a product's price; resolves to the updated product, or `undefined` when there is none. */
export async function updateProductPrice(
  db: SqlExecutor,
  id: string,
  priceCents: number,
): Promise<Result<DatabaseFailure, Product | undefined>> {
  const r = await db.query<ProductRow>(
    'update products set price_cents = $2, updated_at = now() where id = $1 returning id, name, price_cents, updated_at',
    [id, priceCents],
  )
  return r.map((q) => (q.rows[0] ? toProduct(q.rows[0]) : undefined))
}

function toProduct(row: ProductRow): Product {
  return { id: row.id, name: row.name, price: row.price_cents / 100, updatedAt: row.updated_at }
}
