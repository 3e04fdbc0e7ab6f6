import { type AnySchema, configure, type Schema, schema } from 'kairo/schema'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { describeEachEngine } from '../../test/support/schema-engines.js'
import { validatorsOf } from './schema.js'

/** Parses and returns the outcome, failing the test if parse throws (it never may). */
function outcome(s: AnySchema, input: unknown) {
  let result: ReturnType<AnySchema['parse']> | undefined
  expect(() => {
    result = s.parse(input)
  }).not.toThrow()
  return result!
}

function issueCodes(s: AnySchema, input: unknown): string[] {
  const r = outcome(s, input)
  return r.ok ? [] : r.error.issues.map((i) => i.code)
}

interface Chain {
  next?: Chain
}
const ChainSchema: Schema<Chain> = schema.lazy(() => schema.object({ next: ChainSchema.optional() }))

function deepChain(depth: number): Chain {
  const root: Chain = {}
  let at = root
  for (let i = 0; i < depth; i++) {
    at.next = {}
    at = at.next
  }
  return root
}

describeEachEngine('hostile input', () => {
  describe('cycles and depth', () => {
    it('a non-recursive schema ignores cycles it never visits', () => {
      const a: Record<string, unknown> = { name: 'x' }
      a.self = a
      expect(outcome(schema.object({ name: schema.string() }), a).unwrap()).toEqual({ name: 'x' })
    })

    it('a recursive schema reports a cycle instead of looping', () => {
      const a: Chain = {}
      a.next = { next: a }
      const r = outcome(ChainSchema, a)
      expect(!r.ok && r.error.issues).toMatchObject([{ code: 'cyclic', path: ['next', 'next'] }])
    })

    it('100,000 levels of nesting stop at maxDepth with a too_deep issue', () => {
      const r = outcome(ChainSchema, deepChain(100_000))
      expect(r.ok).toBe(false)
      if (r.ok) return
      expect(r.error.issues).toHaveLength(1)
      expect(r.error.issues[0]).toMatchObject({ code: 'too_deep', expected: 'depth <= 512' })
      expect(r.error.issues[0]!.path).toHaveLength(512)
      const Nested: Schema<unknown[]> = schema.lazy(() => schema.array(Nested))
      let deep: unknown[] = []
      for (let i = 0; i < 100_000; i++) deep = [deep]
      expect(issueCodes(Nested, deep)).toEqual(['too_deep'])
    })

    it('nesting within maxDepth parses, and a raised limit never overflows the stack into a throw', () => {
      expect(outcome(ChainSchema, deepChain(400)).ok).toBe(true)
      const previous = configure({ maxDepth: 10_000_000 })
      try {
        expect(issueCodes(ChainSchema, deepChain(100_000))).toEqual(['too_deep'])
      } finally {
        configure(previous)
      }
    })

    it('a shared object graph with exponential paths is visited once per object', () => {
      interface Pair {
        left?: Pair
        right?: Pair
      }
      const PairSchema: Schema<Pair> = schema.lazy(() =>
        schema.object({ left: PairSchema.optional(), right: PairSchema.optional() }),
      )
      let node: Pair = {}
      for (let i = 0; i < 200; i++) node = { left: node, right: node }
      expect(outcome(PairSchema, node).ok).toBe(true)
      let bad: Pair = { left: 1 as unknown as Pair }
      for (let i = 0; i < 200; i++) bad = { left: bad, right: bad }
      const r = outcome(PairSchema, bad)
      expect(r.ok).toBe(false)
    })
  })

  describe('size', () => {
    it('huge arrays: a million elements parse; past max they are not visited', () => {
      const big = Array.from({ length: 1_000_000 }, (_, i) => i)
      expect(outcome(schema.array(schema.number()), big).unwrap()).toHaveLength(1_000_000)
      const r = outcome(schema.array(schema.number()).max(10), new Array(10_000_000))
      expect(!r.ok && r.error.issues).toMatchObject([{ code: 'too_big', received: 'length 10000000' }])
    })

    it('huge and adversarial strings run every format check in linear time', () => {
      const huge = 'a'.repeat(5_000_000)
      const S = schema.string().email()
      expect(issueCodes(S, huge)).toEqual(['invalid_string'])
      expect(issueCodes(S, `${'a.'.repeat(200_000)}@`)).toEqual(['invalid_string'])
      expect(issueCodes(S, `a@${'a-'.repeat(200_000)}`)).toEqual(['invalid_string'])
      expect(issueCodes(S, `a@${'a.'.repeat(200_000)}!`)).toEqual(['invalid_string'])
      expect(issueCodes(schema.string().uuid(), huge)).toEqual(['invalid_string'])
      expect(issueCodes(schema.string().url(), huge)).toEqual(['invalid_string'])
      expect(issueCodes(schema.date(), `2024-01-01T${'1'.repeat(1_000_000)}`)).toEqual(['invalid_date'])
      expect(issueCodes(schema.bigint({ coerce: true }), '9'.repeat(1_000_000))).toEqual(['invalid_type'])
      expect(outcome(schema.string().max(10), huge).ok).toBe(false)
    })

    it('an object with a million unknown keys yields one issue', () => {
      const wide: Record<string, number> = {}
      for (let i = 0; i < 200_000; i++) wide[`k${i}`] = i
      const r = outcome(schema.object({}).strict(), wide)
      expect(!r.ok && r.error.issues).toHaveLength(1)
      expect(!r.ok && r.error.issues[0]!.received).toMatch(/199990 more/)
    })
  })

  describe('values that throw when read', () => {
    it('a throwing getter becomes an unreadable issue at its path', () => {
      const input = {
        name: 'ok',
        get email(): string {
          throw new Error('boom')
        },
      }
      const r = outcome(schema.object({ name: schema.string(), email: schema.string() }), input)
      expect(!r.ok && r.error.issues).toMatchObject([
        { path: ['email'], code: 'unreadable', message: 'could not be read: boom' },
      ])
      const nested = {
        items: [
          {
            get price(): number {
              throw new TypeError('nope')
            },
          },
        ],
      }
      const r2 = outcome(schema.object({ items: schema.array(schema.object({ price: schema.number() })) }), nested)
      expect(!r2.ok && r2.error.issues[0]?.path).toEqual(['items', 0, 'price'])
    })

    it('a thrown non-error, or one whose message getter throws, is described safely', () => {
      const evil = {
        get a(): string {
          throw {
            get message(): string {
              throw new Error('again')
            },
          }
        },
      }
      expect(issueCodes(schema.object({ a: schema.string() }), evil)).toEqual(['unreadable'])
    })

    it('proxies whose traps throw, and revoked proxies', () => {
      const trap = new Proxy(
        {},
        {
          get() {
            throw new Error('get trap')
          },
          ownKeys() {
            throw new Error('ownKeys trap')
          },
        },
      )
      expect(issueCodes(schema.object({ a: schema.string() }), trap)).toEqual(['unreadable'])
      expect(issueCodes(schema.object({}).strict(), trap)).toEqual(['unreadable'])
      expect(issueCodes(schema.record(schema.string()), trap)).toEqual(['unreadable'])
      const { proxy, revoke } = Proxy.revocable([], {})
      revoke()
      expect(outcome(schema.array(schema.string()), proxy).ok).toBe(false)
      expect(outcome(schema.object({ a: schema.string() }), proxy).ok).toBe(false)
      expect(schema.object({ a: schema.string() }).is(proxy)).toBe(false)
      expect(schema.string().safeParse(proxy).success).toBe(false)
    })

    it('a well-behaved proxy is validated like the object it wraps', () => {
      const proxy = new Proxy({ a: 'x' }, {})
      expect(outcome(schema.object({ a: schema.string() }), proxy).unwrap()).toEqual({ a: 'x' })
    })
  })

  describe('prototype keys', () => {
    const polluted = JSON.parse('{"name":"x","__proto__":{"isAdmin":true},"constructor":{"prototype":{"evil":1}}}')

    it('never change the prototype of the output, whatever the unknown-key policy', () => {
      const User = schema.object({ name: schema.string() })
      for (const S of [User, User.passthrough(), schema.record(schema.unknown())] as AnySchema[]) {
        const out = outcome(S, polluted).unwrap() as Record<string, unknown>
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
        expect((out as { isAdmin?: unknown }).isAdmin).toBeUndefined()
        expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined()
      }
      const kept = outcome(User.passthrough(), polluted).unwrap() as Record<string, unknown>
      expect(Object.hasOwn(kept, '__proto__')).toBe(true)
      expect(Object.keys(kept)).toEqual(['name', '__proto__', 'constructor'])
    })

    it('are own keys when the schema declares them', () => {
      const S = schema.object({
        ['__proto__']: schema.object({ isAdmin: schema.boolean() }),
        constructor: schema.string().optional(),
        prototype: schema.number().optional(),
        toString: schema.string().optional(),
      })
      expect(Object.keys(S.shape)).toEqual(['__proto__', 'constructor', 'prototype', 'toString'])
      const out = outcome(S, JSON.parse('{"__proto__":{"isAdmin":true},"prototype":1}')).unwrap() as Record<
        string,
        unknown
      >
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
      expect(Object.hasOwn(out, '__proto__')).toBe(true)
      expect(Object.keys(out)).toEqual(['__proto__', 'prototype'])
      // `constructor` and `toString` were absent: Object.prototype's are never read as input.
      expect(issueCodes(S, {})).toEqual(['invalid_type'])
      expect(issueCodes(schema.object({ constructor: schema.string() }), {})).toEqual(['invalid_type'])
      expect(issueCodes(schema.object({ toString: schema.unknown() }).strict(), {})).toEqual([])
    })

    it('discriminators named like prototype keys are read as own keys', () => {
      const U = schema.discriminatedUnion('constructor', [schema.object({ constructor: schema.literal('a') })])
      expect(issueCodes(U, {})).toEqual(['invalid_discriminator'])
      expect(outcome(U, { constructor: 'a' }).ok).toBe(true)
    })
  })

  describe('non-plain objects', () => {
    it('are read as objects; outputs are always plain', () => {
      class Point {
        x = 1
        get y() {
          return 2
        }
      }
      const P = schema.object({ x: schema.number(), y: schema.number() })
      const out = outcome(P, new Point()).unwrap()
      expect(out).toEqual({ x: 1, y: 2 })
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
      const bare = Object.assign(Object.create(null), { x: 1, y: 2 })
      expect(outcome(P, bare).unwrap()).toEqual({ x: 1, y: 2 })
      expect(issueCodes(P, new Map([['x', 1]]))).toEqual(['invalid_type', 'invalid_type'])
      expect(issueCodes(P, () => 1)).toEqual(['invalid_type'])
      const Optional = schema.object({ x: schema.number().optional() })
      for (const S of [P, Optional, P.strict(), schema.object({ getTime: schema.unknown() })] as AnySchema[]) {
        expect(issueCodes(S, new Date(0))).toEqual(['invalid_type'])
        expect(S.is(new Date(0))).toBe(false)
      }
      expect(issueCodes(schema.string(), new String('x'))).toEqual(['invalid_type'])
      expect(issueCodes(schema.number(), new Number(1))).toEqual(['invalid_type'])
      expect(issueCodes(schema.string(), Symbol('s'))).toEqual(['invalid_type'])
      class List extends Array<number> {}
      const list = outcome(schema.array(schema.number()), List.from([1, 2])).unwrap()
      expect(Object.getPrototypeOf(list)).toBe(Array.prototype)
      const withGetterDate = new Date(0)
      Object.defineProperty(withGetterDate, 'getTime', {
        value() {
          throw new Error('tampered')
        },
      })
      expect(outcome(schema.date(), withGetterDate).ok).toBe(false)
    })

    it('symbols and inherited enumerable keys never reach the output', () => {
      const base = { inherited: 1 }
      const input = Object.assign(Object.create(base), { own: 2, [Symbol('s')]: 3 })
      const out = outcome(schema.object({ own: schema.number() }).passthrough(), input).unwrap() as object
      expect(Reflect.ownKeys(out)).toEqual(['own'])
      expect(issueCodes(schema.object({ own: schema.number() }).strict(), input)).toEqual([])
    })
  })
})

const HOSTILE_KEYS = [
  '"]; process.exit(1); //',
  '"]; globalThis.__kairoPwned = 1; //',
  "'); globalThis.__kairoPwned = 1; ('",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the point is a literal `${` in a key
  '`${globalThis.__kairoPwned = 1}`',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the point is a literal `${` in a key
  '${globalThis.__kairoPwned = 1}',
  '\\"; globalThis.__kairoPwned = 1; //',
  '*/ globalThis.__kairoPwned = 1; /*',
  '\u2028globalThis.__kairoPwned = 1;//',
  '\u2029globalThis.__kairoPwned = 1;//',
  '\n globalThis.__kairoPwned = 1 \n',
  '__proto__',
  'constructor',
  '\ud800',
  '</script><script>globalThis.__kairoPwned = 1</script>',
  '',
]

describe('code generation is injection-proof', () => {
  afterEach(() => {
    delete (globalThis as { __kairoPwned?: unknown }).__kairoPwned
  })

  it('hostile keys, literal values, enum values, prefixes, patterns and messages stay data', () => {
    const shape: Record<string, AnySchema> = Object.create(null)
    for (const key of HOSTILE_KEYS) shape[key] = schema.literal(key).optional()
    const S = schema
      .object(shape)
      .extend({
        tag: schema.enum(HOSTILE_KEYS as [string, ...string[]]).optional(),
        text: schema
          .string()
          .startsWith(HOSTILE_KEYS[0]!, HOSTILE_KEYS[2])
          .endsWith(HOSTILE_KEYS[3]!)
          .regex(/`${x}`\u2028"'/, HOSTILE_KEYS[6])
          .optional(),
        kind: schema
          .discriminatedUnion(
            HOSTILE_KEYS[0]!,
            HOSTILE_KEYS.slice(0, 3).map((k) =>
              schema.object({ [HOSTILE_KEYS[0]!]: schema.literal(k) }),
            ) as unknown as [AnySchema, ...AnySchema[]],
          )
          .optional(),
      })
      .strict()
    const good: Record<string, unknown> = {}
    for (const key of HOSTILE_KEYS) Object.defineProperty(good, key, { value: key, enumerable: true })
    const parsed = S.parse(good)
    expect(validatorsOf(S).engine).toBe('jit')
    expect(parsed.ok).toBe(true)
    expect(Object.keys(parsed.unwrap())).toEqual(HOSTILE_KEYS)
    expect(Object.getPrototypeOf(parsed.unwrap())).toBe(Object.prototype)

    const bad: Record<string, unknown> = { text: 'nope', tag: 'x', kind: { [HOSTILE_KEYS[0]!]: 'zzz' } }
    for (const key of HOSTILE_KEYS) Object.defineProperty(bad, key, { value: 1, enumerable: true })
    Object.defineProperty(bad, HOSTILE_KEYS[1]! + HOSTILE_KEYS[2]!, { value: 1, enumerable: true })
    const r = S.parse(bad)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const paths = r.error.issues.map((i) => i.path)
    for (const key of HOSTILE_KEYS) expect(paths).toContainEqual([key])
    expect(paths).toContainEqual(['kind', HOSTILE_KEYS[0]])
    expect(r.error.issues.map((i) => i.message)).toContain(HOSTILE_KEYS[2])
    expect(r.error.issues.map((i) => i.message)).toContain(HOSTILE_KEYS[6])
    expect(S.is(good)).toBe(true)
    expect(S.is(bad)).toBe(false)
    expect((globalThis as { __kairoPwned?: unknown }).__kairoPwned).toBeUndefined()
  })

  it('falls back to the interpreter when code generation is refused (CSP)', () => {
    const RealFunction = globalThis.Function
    vi.stubGlobal(
      'Function',
      new Proxy(RealFunction, {
        construct() {
          throw new EvalError('Code generation from strings disallowed for this context')
        },
      }),
    )
    try {
      const S = schema.object({ a: schema.number().int() })
      expect(S.parse({ a: 1 }).unwrap()).toEqual({ a: 1 })
      expect(S.is({ a: 1.5 })).toBe(false)
      expect(validatorsOf(S).engine).toBe('interpreter')
    } finally {
      vi.unstubAllGlobals()
    }
  })
})
