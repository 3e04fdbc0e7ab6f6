/** Values a dotted path does not descend into. */
type Leaf =
  | string
  | number
  | boolean
  | bigint
  | symbol
  | null
  | undefined
  | Date
  | readonly unknown[]
  | ((...args: never[]) => unknown)

type Prev = [never, 0, 1, 2, 3, 4, 5]

/**
 * The dotted paths of an object type, nested up to six levels: `'name' | 'address' | 'address.city'`.
 *
 * @example
 * ```ts
 * type P = FieldPath<{ user: { name: string } }> // 'user' | 'user.name'
 * ```
 */
export type FieldPath<T, Depth extends number = 6> = [Depth] extends [never]
  ? never
  : T extends Leaf
    ? never
    : {
        [K in keyof T & string]: NonNullable<T[K]> extends Leaf
          ? K
          : K | `${K}.${FieldPath<NonNullable<T[K]>, Prev[Depth]>}`
      }[keyof T & string]

/**
 * The type at a dotted path (with `undefined` when a step on the way is optional).
 *
 * @example
 * ```ts
 * type C = FieldValue<{ address?: { city: string } }, 'address.city'> // string | undefined
 * ```
 */
export type FieldValue<T, P extends string> = P extends `${infer K}.${infer Rest}`
  ? K extends keyof T
    ? FieldValue<NonNullable<T[K]>, Rest> | (undefined extends T[K] ? undefined : never)
    : never
  : P extends keyof T
    ? T[P]
    : never

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor'])

/** Splits and checks a dotted path at definition time. @internal */
export function parsePath(path: string): readonly string[] {
  const segments = String(path).split('.')
  for (const segment of segments) {
    if (segment === '' || FORBIDDEN.has(segment)) {
      throw new TypeError(`transform: invalid field path ${JSON.stringify(path)}`)
    }
  }
  return Object.freeze(segments)
}

/** Reads a path from a value (own keys only), or `undefined`. @internal */
export function readPath(value: unknown, path: readonly string[]): unknown {
  let at = value
  for (const segment of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, segment)) return undefined
    at = (at as Record<string, unknown>)[segment]
  }
  return at
}

/** Writes a path, creating plain objects on the way. @internal */
export function writePath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at = target
  for (const segment of path.slice(0, -1)) {
    const next = at[segment]
    if (typeof next !== 'object' || next === null || Array.isArray(next)) at[segment] = {}
    at = at[segment] as Record<string, unknown>
  }
  at[path[path.length - 1]!] = value
}
