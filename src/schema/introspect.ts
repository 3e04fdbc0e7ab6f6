import { nodeOf, Schema } from './schema.js'
import type { AnySchema, SchemaNode } from './schema-node.js'

/**
 * The node descriptor of a schema: kind, checks (with their parameters), children, optionality,
 * default, description, metadata, brand and effects. Children are schemas: call `introspect` on
 * them to go deeper. Given something that is not a Kairo schema (a Zod schema, say), returns
 * `undefined`.
 *
 * @example
 * ```ts
 * import { introspect, schema } from 'kairo/schema'
 *
 * const User = schema.object({ email: schema.string().email(), age: schema.number().int().optional() })
 * const node = introspect(User)
 * if (node.kind === 'object') {
 *   for (const key of node.keys) {
 *     const field = introspect(node.shape[key]!)
 *     console.log(key, field.kind, field.optional) // 'email' 'string' false, then 'age' 'number' true
 *   }
 * }
 * ```
 */
export function introspect(schema: AnySchema): SchemaNode
export function introspect(value: unknown): SchemaNode | undefined
export function introspect(value: unknown): SchemaNode | undefined {
  return value instanceof Schema ? nodeOf(value) : undefined
}

/**
 * True for a Kairo schema (as opposed to another Standard Schema).
 *
 * @example
 * ```ts
 * isSchema(schema.string()) // true
 * isSchema(z.string())      // false
 * ```
 */
export function isSchema(value: unknown): value is AnySchema {
  return value instanceof Schema
}

/**
 * True when the node changes the value it parses (`.transform()`), so its output type is not
 * its input type: JSON Schema and SQL derivations then describe the input.
 *
 * @example
 * ```ts
 * hasTransforms(introspect(schema.string().transform(Number))) // true
 * ```
 */
export function hasTransforms(node: SchemaNode): boolean {
  return node.effects.some((effect) => effect.kind === 'transform')
}

/**
 * True when the node has refinements (`.refine()`, `.superRefine()`): checks no other format can express.
 *
 * @example
 * ```ts
 * hasRefinements(introspect(schema.number().refine((n) => n % 2 === 0))) // true
 * ```
 */
export function hasRefinements(node: SchemaNode): boolean {
  return node.effects.some((effect) => effect.kind !== 'transform')
}

/** How a child schema hangs from its parent. */
export type SchemaChildRole =
  | 'field'
  | 'element'
  | 'item'
  | 'rest'
  | 'key'
  | 'value'
  | 'option'
  | 'left'
  | 'right'
  | 'lazy'

/** One child of a node: its role, its key or index where it has one, and its schema. */
export interface SchemaChild {
  readonly role: SchemaChildRole
  /** The field key (`field`), item index (`item`) or option index (`option`). */
  readonly key?: string | number
  readonly schema: AnySchema
}

/**
 * The direct children of a node, in order, whatever its kind.
 *
 * @example
 * ```ts
 * childrenOf(introspect(schema.array(schema.string()))) // [{ role: 'element', schema: StringSchema }]
 * ```
 */
export function childrenOf(node: SchemaNode): SchemaChild[] {
  switch (node.kind) {
    case 'object':
      return node.keys.map((key) => ({ role: 'field', key, schema: node.shape[key]! }))
    case 'array':
      return [{ role: 'element', schema: node.element }]
    case 'tuple':
      return [
        ...node.items.map((schema, key): SchemaChild => ({ role: 'item', key, schema })),
        ...(node.rest ? [{ role: 'rest', schema: node.rest } as const] : []),
      ]
    case 'record':
      return [
        { role: 'key', schema: node.key },
        { role: 'value', schema: node.value },
      ]
    case 'union':
    case 'discriminatedUnion':
      return node.options.map((schema, key) => ({ role: 'option', key, schema }))
    case 'intersection':
      return [
        { role: 'left', schema: node.left },
        { role: 'right', schema: node.right },
      ]
    case 'lazy':
      return [{ role: 'lazy', schema: node.resolve() }]
    default:
      return []
  }
}

/** Where `walkSchema` is in the tree: the roles and keys from the root. */
export type SchemaPath = ReadonlyArray<{ readonly role: SchemaChildRole; readonly key?: string | number }>

/**
 * Visits every node depth-first, parents before children. Each recursive (`lazy`) schema is
 * entered once, so recursive schemas terminate. Return `false` from `visit` to skip a node's
 * children.
 *
 * @example
 * ```ts
 * const brands: string[] = []
 * walkSchema(Order, (node) => { if (node.brand) brands.push(node.brand) })
 * ```
 */
export function walkSchema(
  root: AnySchema,
  visit: (node: SchemaNode, path: SchemaPath, schema: AnySchema) => unknown,
): void {
  const entered = new Set<SchemaNode>()
  const stack: Array<{ schema: AnySchema; path: SchemaPath }> = [{ schema: root, path: [] }]
  while (stack.length > 0) {
    const { schema, path } = stack.pop()!
    const node = nodeOf(schema)
    if (visit(node, path, schema) === false) continue
    if (node.kind === 'lazy') {
      if (entered.has(node)) continue
      entered.add(node)
    }
    const children = childrenOf(node)
    for (let i = children.length - 1; i >= 0; i--) {
      const { role, key, schema: childSchema } = children[i]!
      stack.push({ schema: childSchema, path: [...path, key === undefined ? { role } : { role, key }] })
    }
  }
}
