import type { StandardSchemaV1 } from '../core/standard-schema.js'
import { isSchema, toJSONSchema } from '../schema/index.js'
import type { OperationDefinition, ResourceDefaults } from './operation-definition.js'
import { openApiPath, parsePathTemplate } from './path-template.js'

type Json = Record<string, unknown>

/** What `toOpenAPI` reads from a resource (any `resource(...)` value). */
export interface OpenAPISource {
  readonly name: string
  readonly definitions: Readonly<Record<string, OperationDefinition>>
  readonly defaults: Readonly<ResourceDefaults>
}

/** The `info` object of the document. */
export interface OpenAPIInfo {
  readonly title: string
  readonly version: string
  readonly description?: string
}

/** Options of {@link toOpenAPI}. */
export interface OpenAPIOptions {
  /** The document's servers. Defaults to the resources' `baseUrl`s (per path when they differ). */
  readonly servers?: readonly { readonly url: string; readonly description?: string }[]
}

/**
 * An OpenAPI 3.0.3 document describing the operations of the given resources: one path per
 * template (`/users/{id}`), parameters from the params and query schemas, the JSON request body
 * and the success response from their schemas (Kairo schemas through `toJSONSchema(s, { target:
 * 'openapi-3.0' })`; other Standard Schemas through their own Standard JSON Schema support when
 * they have it, else left open as `{}`). Two resources declaring the same method on the same
 * path is a mistake and throws.
 *
 * @example
 * ```ts
 * import { toOpenAPI } from 'kairo/resource'
 *
 * const doc = toOpenAPI([UserAPI, OrderAPI], { title: 'Partner APIs', version: '1.0.0' })
 * await writeFile('openapi.json', JSON.stringify(doc, null, 2))
 * ```
 */
export function toOpenAPI(resources: readonly OpenAPISource[], info: OpenAPIInfo, options: OpenAPIOptions = {}): Json {
  const baseUrls = new Set(resources.map((r) => r.defaults.baseUrl).filter((u): u is string => u !== undefined))
  const shared = options.servers ?? (baseUrls.size === 1 ? [{ url: [...baseUrls][0]! }] : undefined)
  const paths: Record<string, Json> = {}
  for (const source of resources) {
    for (const [name, definition] of Object.entries(source.definitions)) {
      const template = parsePathTemplate(definition.path)
      const key = openApiPath(template)
      const item = paths[key] ?? {}
      paths[key] = item
      const method = (definition.method ?? (definition.body ? 'POST' : 'GET')).toLowerCase()
      if (item[method]) throw new TypeError(`toOpenAPI: ${method.toUpperCase()} ${key} is declared twice`)
      item[method] = operationObject(source.name, name, definition, template.paramNames)
      if (!options.servers && baseUrls.size > 1 && source.defaults.baseUrl) {
        item.servers = [{ url: source.defaults.baseUrl }]
      }
    }
  }
  return {
    openapi: '3.0.3',
    info: { ...info },
    ...(shared ? { servers: shared.map((s) => ({ ...s })) } : {}),
    tags: resources.map((r) => ({ name: r.name })),
    paths,
  }
}

function operationObject(
  resourceName: string,
  name: string,
  definition: OperationDefinition,
  pathParams: readonly string[],
) {
  const method = definition.method ?? (definition.body ? 'POST' : 'GET')
  const parameters: Json[] = []
  const params = definition.params ? jsonSchemaOf(definition.params, 'output') : undefined
  for (const param of pathParams) {
    const schema = (params?.properties as Record<string, Json> | undefined)?.[param] ?? { type: 'string' }
    parameters.push({ name: param, in: 'path', required: true, schema })
  }
  if (definition.query) {
    const query = jsonSchemaOf(definition.query, 'output')
    const required = new Set((query.required as string[] | undefined) ?? [])
    for (const [field, schema] of Object.entries((query.properties as Record<string, Json> | undefined) ?? {})) {
      parameters.push({ name: field, in: 'query', required: required.has(field), schema })
    }
  }
  const status = String(definition.successStatus ?? (method === 'POST' ? 201 : 200))
  const success: Json = { description: definition.response ? 'Success' : 'Success, no body described' }
  if (definition.response && method !== 'HEAD') {
    success.content = { 'application/json': { schema: jsonSchemaOf(definition.response, 'input') } }
  }
  return {
    operationId: `${resourceName}.${name}`,
    tags: [resourceName],
    ...(definition.description ? { summary: definition.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(definition.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchemaOf(definition.body, 'output') } },
          },
        }
      : {}),
    responses: { [status]: success, default: { description: 'Error' } },
  }
}

/**
 * A Standard Schema as an OpenAPI 3.0 schema object. `io: 'output'` describes what a client sends
 * (the validated value, serialised), `'input'` what it accepts back.
 */
function jsonSchemaOf(schema: StandardSchemaV1, io: 'input' | 'output'): Json {
  try {
    if (isSchema(schema)) return toJSONSchema(schema, { target: 'openapi-3.0', io })
    const converter = (schema['~standard'] as { jsonSchema?: Record<string, (o: { target: string }) => Json> })
      .jsonSchema
    const convert = converter?.[io]
    return convert ? convert({ target: 'openapi-3.0' }) : {}
  } catch (error) {
    return { description: `not expressible in OpenAPI 3.0: ${error instanceof Error ? error.message : String(error)}` }
  }
}
