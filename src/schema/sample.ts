import type { ValidationError } from '../core/errors.js'
import { Err, Ok, type Result } from '../core/result.js'
import type { InferInput } from './infer.js'
import { failed } from './issues.js'
import { sampleRegex } from './regex-sampler.js'
import { exhaustiveKeys, mergeValues, UNMERGEABLE } from './runtime-helpers.js'
import { nodeOf } from './schema.js'
import type { AnySchema, SchemaNode, StringCheck } from './schema-node.js'
import { SeededRandom } from './seeded-random.js'

/** Options of {@link sample}. */
export interface SampleOptions {
  /** Same seed, same schema: same value, on every machine. Defaults to `0`. */
  readonly seed?: number | string
  /** How many levels of a recursive (`lazy`) schema to unfold before taking the shortest way out. Defaults to 3. */
  readonly maxDepth?: number
  /** Most elements of an array or entries of a record beyond its minimum. Defaults to 3. */
  readonly maxExtraItems?: number
  /** Tries before giving up when refinements reject the generated values. Defaults to 50. */
  readonly attempts?: number
}

class Impossible extends Error {}

/**
 * A valid input for `schema`, generated deterministically from `seed`: the same seed always
 * gives the same value. Every candidate is checked with the schema itself, so the value always
 * parses; schemas whose refinements reject the candidates (or `never()`) give a `ValidationError`
 * after `attempts` tries. Used for mock responses, contract tests and fixtures. No dependency.
 *
 * @example
 * ```ts
 * import { sample, schema } from 'kairo/schema'
 *
 * const User = schema.object({ id: schema.string().uuid(), email: schema.string().email(), age: schema.number().int().min(18).max(99) })
 * sample(User, { seed: 42 }).unwrap() // { id: '4f0c…', email: 'qoz@vexa.com', age: 57 } — the same every run
 * ```
 */
export function sample<S extends AnySchema>(
  schema: S,
  options: SampleOptions = {},
): Result<ValidationError, InferInput<S>> {
  const random = new SeededRandom(options.seed ?? 0)
  const generator = new Generator(random, options.maxDepth ?? 3, options.maxExtraItems ?? 3)
  const attempts = Math.max(1, options.attempts ?? 50)
  let last: ValidationError | undefined
  for (let i = 0; i < attempts; i++) {
    let candidate: unknown
    try {
      candidate = generator.value(schema, 0)
    } catch (error) {
      if (!(error instanceof Impossible)) throw error
      continue
    }
    const parsed = schema.parse(candidate)
    if (parsed.ok) return new Ok(candidate as InferInput<S>)
    last = parsed.error
  }
  return last === undefined
    ? failed([{ path: [], code: 'custom', message: `no value could be generated in ${attempts} attempts` }])
    : new Err(last)
}

/**
 * `count` valid inputs for `schema`, all different draws from one seed.
 *
 * @example
 * ```ts
 * const users = sampleMany(User, 10, { seed: 'fixtures' }).unwrap()
 * ```
 */
export function sampleMany<S extends AnySchema>(
  schema: S,
  count: number,
  options: SampleOptions = {},
): Result<ValidationError, InferInput<S>[]> {
  const seed = options.seed ?? 0
  const values: InferInput<S>[] = []
  for (let i = 0; i < count; i++) {
    const one = sample(schema, { ...options, seed: `${String(seed)}#${i}` })
    if (!one.ok) return new Err(one.error)
    values.push(one.value)
  }
  return new Ok(values)
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'
const ALNUM = `${LETTERS}0123456789`

class Generator {
  constructor(
    readonly random: SeededRandom,
    readonly maxDepth: number,
    readonly maxExtra: number,
  ) {}

  /** A value for `schema`; `undefined` means "leave the key out". */
  value(schema: AnySchema, depth: number): unknown {
    const node = nodeOf(schema)
    const shallow = depth >= this.maxDepth
    if (node.default !== undefined && (shallow || this.random.chance(0.2))) return undefined
    if (node.optional && (shallow || this.random.chance(0.25))) return undefined
    if (node.nullable && (shallow || this.random.chance(0.15))) return null
    return this.base(node, depth)
  }

  base(node: SchemaNode, depth: number): unknown {
    const r = this.random
    switch (node.kind) {
      case 'string':
        return this.string(node.checks)
      case 'number':
        return this.number(node)
      case 'bigint': {
        let min = -1000n
        let max = 1000n
        for (const c of node.checks) {
          if (c.kind === 'min') min = c.inclusive ? c.value : c.value + 1n
          else max = c.inclusive ? c.value : c.value - 1n
        }
        if (min > max) throw new Impossible()
        if (max - min > 2000n) max = min + 2000n
        return min + BigInt(r.int(0, Number(max - min)))
      }
      case 'boolean':
        return r.chance(0.5)
      case 'date': {
        let min = Date.UTC(2000, 0, 1)
        let max = Date.UTC(2030, 0, 1)
        for (const c of node.checks) {
          if (c.kind === 'min') min = c.value
          else max = c.value
        }
        if (min > max) throw new Impossible()
        return new Date(min + Math.floor(r.next() * (max - min + 1)))
      }
      case 'literal':
        return node.value
      case 'enum':
        return r.pick(node.values)
      case 'unknown':
      case 'any':
        return r.pick<unknown>([r.int(0, 100), this.word(1, 8), r.chance(0.5), null])
      case 'never':
        throw new Impossible()
      case 'array': {
        let min = 0
        let max = Number.POSITIVE_INFINITY
        for (const c of node.checks) {
          if (c.kind === 'min') min = Math.max(min, c.value)
          else if (c.kind === 'max') max = Math.min(max, c.value)
          else [min, max] = [c.value, c.value]
        }
        if (min > max) throw new Impossible()
        const length = depth >= this.maxDepth ? min : r.int(min, Math.min(max, min + this.maxExtra))
        return Array.from({ length }, () => this.value(node.element, depth))
      }
      case 'tuple': {
        const out = node.items.map((item) => this.value(item, depth))
        while (out.length > 0 && out[out.length - 1] === undefined && nodeOf(node.items[out.length - 1]!).optional)
          out.pop()
        if (node.rest && out.length === node.items.length) {
          const extra = depth >= this.maxDepth ? 0 : r.int(0, this.maxExtra)
          for (let i = 0; i < extra; i++) out.push(this.value(node.rest, depth))
        }
        return out
      }
      case 'record': {
        const out: Record<string, unknown> = {}
        const required = exhaustiveKeys(nodeOf(node.key))
        const keys =
          required ??
          Array.from({ length: depth >= this.maxDepth ? 0 : r.int(0, this.maxExtra) }, () =>
            this.value(node.key, depth),
          )
        for (const key of keys) {
          if (typeof key !== 'string') continue
          const value = this.value(node.value, depth)
          if (value !== undefined)
            Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
        }
        return out
      }
      case 'object': {
        const out: Record<string, unknown> = {}
        for (const key of node.keys) {
          const value = this.value(node.shape[key]!, depth)
          if (value !== undefined)
            Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
        }
        return out
      }
      case 'union':
      case 'discriminatedUnion': {
        const start = r.int(0, node.options.length - 1)
        for (let i = 0; i < node.options.length; i++) {
          try {
            return this.value(node.options[(start + i) % node.options.length]!, depth)
          } catch (error) {
            if (!(error instanceof Impossible)) throw error
          }
        }
        throw new Impossible()
      }
      case 'intersection': {
        const merged = mergeValues(this.value(node.left, depth), this.value(node.right, depth))
        if (merged === UNMERGEABLE) throw new Impossible()
        return merged
      }
      case 'lazy':
        if (depth > this.maxDepth + 8) throw new Impossible()
        return this.value(node.resolve(), depth + 1)
    }
  }

  number(node: SchemaNode & { kind: 'number' }): number {
    let min = Number.NEGATIVE_INFINITY
    let max = Number.POSITIVE_INFINITY
    let minOpen = false
    let maxOpen = false
    let int = false
    let step: number | undefined
    for (const c of node.checks) {
      if (c.kind === 'min' && c.value >= min) [min, minOpen] = [c.value, !c.inclusive]
      else if (c.kind === 'max' && c.value <= max) [max, maxOpen] = [c.value, !c.inclusive]
      else if (c.kind === 'int') int = true
      else if (c.kind === 'multipleOf') step = c.value
    }
    if (!Number.isFinite(min)) min = Number.isFinite(max) ? max - 1000 : -1000
    if (!Number.isFinite(max)) max = min + 1000
    if (step !== undefined || int) {
      const unit = step ?? 1
      const low = Math.ceil(min / unit + (minOpen ? 1e-9 : 0))
      const high = Math.floor(max / unit - (maxOpen ? 1e-9 : 0))
      if (low > high) throw new Impossible()
      const k = this.random.int(low, Math.min(high, low + 2000))
      const value = k * unit
      return int && !Number.isSafeInteger(value) ? Math.round(value) : value
    }
    const value = min + this.random.next() * (max - min)
    const rounded = Math.round(value * 100) / 100
    if ((rounded > min || (!minOpen && rounded === min)) && (rounded < max || (!maxOpen && rounded === max)))
      return rounded
    return (min + max) / 2
  }

  string(checks: readonly StringCheck[]): string {
    let min = 0
    let max = Number.POSITIVE_INFINITY
    let prefix = ''
    let suffix = ''
    let body: string | undefined
    let casing: 'lower' | 'upper' | undefined
    for (const c of checks) {
      switch (c.kind) {
        case 'min':
          min = Math.max(min, c.value)
          break
        case 'max':
          max = Math.min(max, c.value)
          break
        case 'length':
          ;[min, max] = [c.value, c.value]
          break
        case 'email':
          body = `${this.word(3, 8)}@${this.word(3, 8)}.com`
          break
        case 'uuid':
          body = this.uuid()
          break
        case 'url':
          body = `https://${this.word(3, 8)}.example.com/${this.word(1, 8)}`
          break
        case 'regex':
          body = sampleRegex(c.source, this.random) ?? body
          break
        case 'startsWith':
          prefix = c.value
          break
        case 'endsWith':
          suffix = c.value
          break
        case 'toLowerCase':
          casing = 'lower'
          break
        case 'toUpperCase':
          casing = 'upper'
          break
        case 'trim':
          break
      }
    }
    if (min > max) throw new Impossible()
    let text = body
    if (text === undefined) {
      const room = prefix.length + suffix.length
      const low = Math.max(0, min - room)
      const high = Math.max(low, Math.min(max - room, low + 12))
      text = prefix + this.word(low === 0 && high > 0 ? 1 : low, high) + suffix
    } else if (prefix && !text.startsWith(prefix)) text = prefix + text
    if (suffix && !text.endsWith(suffix)) text += suffix
    while (text.length < min) text += this.random.pick([...LETTERS])
    if (casing === 'lower') text = text.toLowerCase()
    if (casing === 'upper') text = text.toUpperCase()
    return text
  }

  word(min: number, max: number): string {
    const length = this.random.int(min, Math.max(min, max))
    let out = ''
    for (let i = 0; i < length; i++) out += this.random.pick([...(i === 0 ? LETTERS : ALNUM)])
    return out
  }

  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.random.int(0, 15).toString(16))
    hex[12] = '4'
    hex[16] = this.random.pick(['8', '9', 'a', 'b'])
    const s = hex.join('')
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }
}
