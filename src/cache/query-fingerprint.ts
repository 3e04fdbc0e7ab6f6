import { createHash } from 'node:crypto'

const SET_OPERATORS = new Set(['$in', '$nin'])
const LOGICAL = new Set(['$and', '$or'])

/**
 * The canonical form of a query in Kairo's filter language (`{ age: { $gte: 18 }, status: { $in:
 * ['a', 'b'] }, $or: [...] }`), so that equivalent queries look the same:
 * - object keys are sorted; fields set to `undefined` are dropped;
 * - a bare value means `$eq` (`{ a: 1 }` ≡ `{ a: { $eq: 1 } }`); a one-value `$in` means `$eq`;
 * - `$in` / `$nin` lists are de-duplicated and sorted;
 * - `$and` / `$or` members are flattened (`$and` inside `$and`), de-duplicated and sorted; a
 *   one-member `$and` / `$or` is replaced by its member; `$and` members on distinct fields are
 *   merged into the object;
 * - other arrays (e.g. `orderBy`) keep their order; `Date` and `bigint` values are tagged.
 *
 * @example
 * ```ts
 * import { canonicalQuery } from 'kairo/cache'
 *
 * canonicalQuery({ status: { $in: ['b', 'a', 'b'] }, age: 18 })
 * // { age: { $eq: 18 }, status: { $in: ['a', 'b'] } }
 * ```
 */
export function canonicalQuery(query: unknown): unknown {
  return canonical(query, false)
}

/**
 * A short, stable fingerprint of a query: equal for equivalent queries (see {@link canonicalQuery}),
 * different otherwise. Made for keying query-result caches (`find`, `findMany`, `count`).
 *
 * @example
 * ```ts
 * import { queryFingerprint } from 'kairo/cache'
 *
 * queryFingerprint({ a: 1, b: { $in: [2, 1] } }) === queryFingerprint({ b: { $in: [1, 2] }, a: { $eq: 1 } }) // true
 * ```
 */
export function queryFingerprint(query: unknown): string {
  return createHash('sha256')
    .update(stableStringify(canonicalQuery(query)))
    .digest('base64url')
    .slice(0, 32)
}

/** Where a cached query result comes from: see {@link queryCacheKey}. */
export interface QueryCacheKey {
  /** The cache key: `query:<source>:<operation>:<fingerprint>`. */
  readonly key: string
  /** The dependency to store the result under; invalidate it after any write to the source. */
  readonly dependency: string
}

/**
 * The cache key and dependency for the result of a query on a source (a repository, a table):
 * equivalent queries share a key (see {@link queryFingerprint}), and every result of a source
 * depends on the source's name, so one `invalidateByDependency(source)` after a write drops them
 * all, on every instance. This is the seam the data layer's query-result cache plugs into.
 *
 * @example
 * ```ts
 * import { queryCacheKey } from 'kairo/cache'
 *
 * const { key, dependency } = queryCacheKey('products', 'findMany', { price: { $lt: 10 } })
 * const rows = await cache.getOrSet(key, () => findProducts(filter), { dependencies: [dependency] })
 * // after any write to products:
 * await cache.invalidateByDependency('products')
 * ```
 */
export function queryCacheKey(source: string, operation: string, query: unknown): QueryCacheKey {
  return { key: `query:${source}:${operation}:${queryFingerprint(query)}`, dependency: source }
}

function canonical(value: unknown, inField: boolean): unknown {
  if (value instanceof Date) return { $date: value.toISOString() }
  if (typeof value === 'bigint') return { $bigint: value.toString() }
  if (Array.isArray(value)) return value.map((v) => canonical(v, false))
  if (!isPlainObject(value)) return value
  return inField ? canonicalOperators(value) : canonicalFilter(value)
}

/** An object of field conditions and logical operators. */
function canonicalFilter(filter: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const conjuncts: Record<string, unknown>[] = []
  for (const key of Object.keys(filter).sort()) {
    const v = filter[key]
    if (v === undefined) continue
    if (LOGICAL.has(key) && Array.isArray(v)) {
      const members = logicalMembers(key, v)
      if (members.length === 1) conjuncts.push(members[0] as Record<string, unknown>)
      else if (key === '$and') conjuncts.push(...(members as Record<string, unknown>[]))
      else put(out, key, members)
    } else if (key.startsWith('$')) {
      put(out, key, canonical(v, false))
    } else {
      put(out, key, isPlainObject(v) && isOperatorObject(v) ? canonicalOperators(v) : { $eq: canonical(v, false) })
    }
  }
  // Merge `$and` members into the object when they touch distinct keys; keep the rest in `$and`.
  const rest: Record<string, unknown>[] = []
  for (const member of conjuncts) {
    if (!isPlainObject(member) || Object.keys(member).some((k) => Object.hasOwn(out, k))) rest.push(member)
    else for (const k of Object.keys(member)) put(out, k, member[k])
  }
  if (rest.length > 0) out.$and = sortUnique([...((out.$and as unknown[]) ?? []), ...rest])
  return sortKeys(out)
}

function logicalMembers(operator: string, members: unknown[]): unknown[] {
  const flat: unknown[] = []
  for (const m of members) {
    const c = isPlainObject(m) ? canonicalFilter(m) : canonical(m, false)
    const keys = isPlainObject(c) ? Object.keys(c) : []
    if (keys.length === 1 && keys[0] === operator && Array.isArray((c as Record<string, unknown>)[operator])) {
      flat.push(...((c as Record<string, unknown>)[operator] as unknown[]))
    } else if (!(operator === '$and' && keys.length === 0)) {
      flat.push(c)
    }
  }
  return sortUnique(flat)
}

/** An object of operators on one field (`{ $gte: 1, $in: [...] }`). */
function canonicalOperators(ops: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(ops).sort()) {
    const v = ops[key]
    if (v === undefined) continue
    if (SET_OPERATORS.has(key) && Array.isArray(v)) {
      const values = sortUnique(v.map((x) => canonical(x, false)))
      if (key === '$in' && values.length === 1 && !('$eq' in ops)) out.$eq = values[0]
      else put(out, key, values)
    } else {
      put(out, key, canonical(v, key.startsWith('$') && isPlainObject(v) && isOperatorObject(v)))
    }
  }
  return sortKeys(out)
}

/** Sets an own property, even `__proto__`, without touching the prototype. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}

function isOperatorObject(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value)
  return keys.length > 0 && keys.every((k) => k.startsWith('$'))
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(obj).sort()) put(out, key, obj[key])
  return out
}

function sortUnique(values: unknown[]): unknown[] {
  const byText = new Map<string, unknown>()
  for (const v of values) byText.set(stableStringify(v), v)
  return [...byText.keys()].sort().map((k) => byText.get(k))
}

/**
 * JSON with object keys sorted at every level, for hashing.
 * @internal
 */
export function stableStringify(value: unknown): string {
  if (typeof value === 'bigint') return JSON.stringify({ $bigint: value.toString() })
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null'
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  const keys = Object.keys(value).sort()
  return `{${keys
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`)
    .join(',')}}`
}
