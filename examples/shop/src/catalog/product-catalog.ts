import { type KairoError, NotFoundError, Result } from 'kairo'
import type { CacheManager } from 'kairo/cache'
import type { Database } from 'kairo/postgres'
import { type Product, selectProduct, selectProducts, updateProductPrice } from './products-table.js'

/** The catalog's reads and writes; reads go through the cache, writes invalidate it. */
export interface ProductCatalog {
  list(): Promise<Result<KairoError, Product[]>>
  get(id: string): Promise<Result<KairoError, Product>>
  changePrice(id: string, priceCents: number): Promise<Result<KairoError, Product>>
}

/** Every cached catalog entry depends on this name, so one invalidation drops them all. */
const PRODUCTS = 'products'

/**
 * The product catalog read through a cache: `product:<id>` and `products:all` entries, each
 * depending on `products`; a price change invalidates that dependency on every instance (the
 * cache's bus tells the others).
 */
export function productCatalog(db: Database, cache: CacheManager): ProductCatalog {
  const options = { ttl: 60_000, staleWhileRevalidate: 10_000, grace: 300_000, dependencies: [PRODUCTS] }
  return {
    list: () => cache.getOrSet('products:all', () => selectProducts(db), options),
    get: (id) =>
      cache.getOrSet(
        `product:${id}`,
        async (): Promise<Result<KairoError, Product>> => {
          const found = await selectProduct(db, id)
          if (!found.ok) return Result.Err(found.error)
          return found.value ? Result.Ok(found.value) : Result.Err(new NotFoundError('product', id))
        },
        options,
      ),
    async changePrice(id, priceCents) {
      const updated = await updateProductPrice(db, id, priceCents)
      if (!updated.ok) return Result.Err(updated.error)
      if (!updated.value) return Result.Err(new NotFoundError('product', id))
      await cache.invalidateByDependency(PRODUCTS)
      return Result.Ok(updated.value)
    },
  }
}
