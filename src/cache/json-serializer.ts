import type { Serializer } from './serializer.js'

const TAG = '$t'
const MAX_DEPTH = 512

/**
 * JSON that keeps what plain JSON loses: `Date`, `BigInt`, `Map`, `Set`, `Uint8Array`,
 * `undefined`, `NaN`, `±Infinity` and `-0` come back as they went in. Tagged values are objects
 * with a `$t` key (a plain object that has a `$t` key of its own is wrapped, so nothing collides).
 * Class instances are stored as their own enumerable properties, as `JSON.stringify` does.
 * Functions, symbols and cycles are refused (`encode` throws a `TypeError`).
 *
 * @example
 * ```ts
 * import { jsonSerializer } from 'kairo/cache'
 *
 * const round = jsonSerializer.decode(jsonSerializer.encode(new Map([[1, new Date(0)]])))
 * // Map { 1 => 1970-01-01T00:00:00.000Z }
 * ```
 */
export const jsonSerializer: Serializer = {
  name: 'json',
  encode(value) {
    return Buffer.from(JSON.stringify(toJsonTree(value, 0)), 'utf8')
  },
  decode(bytes) {
    const text = Buffer.isBuffer(bytes) ? bytes.toString('utf8') : Buffer.from(bytes).toString('utf8')
    return fromJsonTree(JSON.parse(text))
  },
}

/**
 * A JSON-safe tree standing for `value` (see {@link jsonSerializer}).
 * @internal
 */
export function toJsonTree(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value
    case 'number':
      if (Number.isFinite(value)) return Object.is(value, -0) ? { [TAG]: 'n', v: '-0' } : value
      return { [TAG]: 'n', v: String(value) }
    case 'bigint':
      return { [TAG]: 'b', v: value.toString() }
    case 'undefined':
      return { [TAG]: 'u' }
    case 'object':
      break
    default:
      throw new TypeError(`cannot serialize a ${typeof value}`)
  }
  if (value === null) return null
  if (depth > MAX_DEPTH) throw new TypeError('value is nested too deeply (or has a cycle)')
  const next = depth + 1
  if (Array.isArray(value)) {
    const out = new Array(value.length)
    for (let i = 0; i < value.length; i++) out[i] = toJsonTree(value[i], next)
    return out
  }
  if (value instanceof Date) {
    const t = value.getTime()
    return { [TAG]: 'd', v: Number.isNaN(t) ? null : t }
  }
  if (value instanceof Map) {
    const entries: unknown[] = []
    for (const [k, v] of value) entries.push([toJsonTree(k, next), toJsonTree(v, next)])
    return { [TAG]: 'm', v: entries }
  }
  if (value instanceof Set) {
    const items: unknown[] = []
    for (const v of value) items.push(toJsonTree(v, next))
    return { [TAG]: 's', v: items }
  }
  if (value instanceof Uint8Array) return { [TAG]: 'y', v: Buffer.from(value).toString('base64') }
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    defineKey(out, key, toJsonTree((value as Record<string, unknown>)[key], next))
  }
  return Object.hasOwn(value, TAG) ? { [TAG]: 'o', v: out } : out
}

/**
 * The value a tree made by {@link toJsonTree} stands for.
 * @internal
 */
export function fromJsonTree(tree: unknown): unknown {
  if (typeof tree !== 'object' || tree === null) return tree
  if (Array.isArray(tree)) {
    const out = new Array(tree.length)
    for (let i = 0; i < tree.length; i++) out[i] = fromJsonTree(tree[i])
    return out
  }
  const node = tree as Record<string, unknown>
  const tag = node[TAG]
  if (tag === undefined || !Object.hasOwn(node, TAG)) return decodeObject(node)
  const v = node.v
  switch (tag) {
    case 'n':
      return v === '-0' ? -0 : Number(v)
    case 'b':
      return BigInt(v as string)
    case 'u':
      return undefined
    case 'd':
      return new Date(v === null ? Number.NaN : (v as number))
    case 'm':
      return new Map((v as [unknown, unknown][]).map(([k, x]) => [fromJsonTree(k), fromJsonTree(x)]))
    case 's':
      return new Set((v as unknown[]).map(fromJsonTree))
    case 'y':
      return new Uint8Array(Buffer.from(v as string, 'base64'))
    case 'o':
      return decodeObject(v as Record<string, unknown>)
    default:
      throw new TypeError(`unknown serialized tag ${String(tag)}`)
  }
}

function decodeObject(node: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(node)) defineKey(out, key, fromJsonTree(node[key]))
  return out
}

/** Sets an own property, even `__proto__`, without touching the prototype. */
function defineKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
  else target[key] = value
}
