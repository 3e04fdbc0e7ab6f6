import type { AnySchema } from './schema-node.js'

/** Which JSON Schema dialect to produce. */
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-07' | 'openapi-3.0'

/** Options of {@link toJSONSchema}. */
export interface JsonSchemaOptions {
  readonly target: JsonSchemaTarget | (string & {})
  /** Describe what `parse` accepts (`'input'`, the default) or what it returns (`'output'`). */
  readonly io?: 'input' | 'output'
  readonly libraryOptions?: Record<string, unknown>
}

export function toJSONSchema(_schema: AnySchema, _options: JsonSchemaOptions): Record<string, unknown> {
  return {}
}
