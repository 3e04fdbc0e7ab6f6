/**
 * Kairo's schemas: one declaration for validation, static types, introspection (SQL, GraphQL,
 * OpenAPI, test data), JSON Schema and Standard Schema interop. Compiled to specialised
 * validators on first use, with an interpreter where code generation is not allowed.
 *
 * @example
 * ```ts
 * import { schema, type Infer } from 'kairo/schema'
 *
 * const User = schema.object({ id: schema.string().uuid(), email: schema.string().email() })
 * type User = Infer<typeof User>
 * User.parse(input) // Result<ValidationError, User>
 * ```
 * @module
 */
export { ArraySchema } from './array-schema.js'
export { BigIntSchema } from './bigint-schema.js'
export { type BuilderOptions, type CoerceOptions, nativeSchema, schema } from './builders.js'
export { configure, type IssueMessage, type IssueMessageContext, type SchemaSettings } from './configure.js'
export { DateSchema } from './date-schema.js'
export { EnumSchema } from './enum-schema.js'
export type { DeepPartial, Infer, InferInput, Shape, ShapeInput, ShapeOutput, Simplify } from './infer.js'
export {
  childrenOf,
  hasRefinements,
  hasTransforms,
  introspect,
  isSchema,
  type SchemaChild,
  type SchemaChildRole,
  type SchemaPath,
  walkSchema,
} from './introspect.js'
export { ISSUE_CODES, type IssueCode } from './issue-codes.js'
export { type JsonSchemaOptions, type JsonSchemaTarget, toJSONSchema } from './json-schema.js'
export { NumberSchema } from './number-schema.js'
export {
  type ExtendShape,
  type ObjectInput,
  type ObjectOutput,
  ObjectSchema,
  type OptionalField,
  type RequiredField,
} from './object-schema.js'
export { type SampleOptions, sample, sampleMany } from './sample.js'
export {
  type Branded,
  type CheckMessage,
  type KairoStandardProps,
  type RefineOptions,
  type SafeParseResult,
  Schema,
  type StandardJsonSchemaConverter,
} from './schema.js'
export type {
  AnyNode,
  AnySchema,
  ArrayCheck,
  ArrayNode,
  BigIntCheck,
  BigIntNode,
  BooleanNode,
  CustomIssue,
  DateCheck,
  DateNode,
  DiscriminatedUnionNode,
  EnumNode,
  IntersectionNode,
  LazyNode,
  LiteralNode,
  NeverNode,
  NodeCommon,
  NumberCheck,
  NumberNode,
  ObjectNode,
  Primitive,
  RecordNode,
  RefinementContext,
  SchemaDefault,
  SchemaEffect,
  SchemaKind,
  SchemaNode,
  StringCheck,
  StringNode,
  TupleNode,
  UnionNode,
  UnknownKeys,
  UnknownNode,
} from './schema-node.js'
export { StringSchema } from './string-schema.js'
