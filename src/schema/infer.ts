import type { StandardSchemaV1 } from '../core/standard-schema.js'
import type { AnySchema } from './schema-node.js'

/**
 * The type a schema's `parse` returns. Works for any Standard Schema (Zod, Valibot, ArkType, …).
 *
 * @example
 * ```ts
 * const User = schema.object({ id: schema.string().uuid(), age: schema.number().optional() })
 * type User = Infer<typeof User> // { id: string; age?: number | undefined }
 * ```
 */
export type Infer<S extends StandardSchemaV1> = StandardSchemaV1.InferOutput<S>

/**
 * The type a schema accepts: fields with defaults are optional, `date()` accepts strings, …
 *
 * @example
 * ```ts
 * const Settings = schema.object({ theme: schema.enum(['light', 'dark']).default('light') })
 * type SettingsInput = InferInput<typeof Settings> // { theme?: 'light' | 'dark' | undefined }
 * ```
 */
export type InferInput<S extends StandardSchemaV1> = StandardSchemaV1.InferInput<S>

/** The field schemas of an object schema. */
export type Shape = { readonly [key: string]: AnySchema }

/** Flattens an intersection of object types for readable hovers. */
export type Simplify<T> = { [K in keyof T]: T[K] } & {}

type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T]
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>
type WithOptionalKeys<T> = Simplify<{ [K in RequiredKeys<T>]: T[K] } & { [K in OptionalKeys<T>]?: T[K] }>

/** The output type of an object shape: keys whose value may be `undefined` are optional. */
export type ShapeOutput<S extends Shape> = WithOptionalKeys<{ [K in keyof S]: Infer<S[K]> }>
/** The input type of an object shape. */
export type ShapeInput<S extends Shape> = WithOptionalKeys<{ [K in keyof S]: InferInput<S[K]> }>

/** A value type with every object key made optional, recursively (what `deepPartial` accepts). */
export type DeepPartial<T> = T extends Date | bigint | string | number | boolean | null | undefined
  ? T
  : T extends ReadonlyArray<infer E>
    ? Array<DeepPartial<E>>
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T
