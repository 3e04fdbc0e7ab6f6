import type { StandardSchemaV1 } from '../core/standard-schema.js'

/** A command or query type: a name and the schema its payload is validated with before handling. */
export interface MessageDefinition<Type extends string = string, S extends StandardSchemaV1 = StandardSchemaV1> {
  readonly kind: 'command' | 'query'
  readonly type: Type
  readonly schema: S
}

/**
 * Defines a command: a name and a payload schema (any Standard Schema), validated by the command
 * bus before the handler runs.
 *
 * @example
 * ```ts
 * const PlaceOrder = defineCommand('PlaceOrder', z.object({ orderId: z.string(), total: z.number().positive() }))
 * const bus = createCommandBus().register(PlaceOrder, async (cmd) => Result.Ok({ orderId: cmd.orderId }))
 * ```
 */
export function defineCommand<const Type extends string, S extends StandardSchemaV1>(
  type: Type,
  schema: S,
): MessageDefinition<Type, S> {
  return Object.freeze({ kind: 'command', type, schema })
}

/**
 * Defines a query: a name and a parameter schema, validated by the query bus before the handler runs.
 *
 * @example
 * ```ts
 * const GetOrder = defineQuery('GetOrder', z.object({ orderId: z.string() }))
 * ```
 */
export function defineQuery<const Type extends string, S extends StandardSchemaV1>(
  type: Type,
  schema: S,
): MessageDefinition<Type, S> {
  return Object.freeze({ kind: 'query', type, schema })
}
