import SwaggerParser from '@apidevtools/swagger-parser'
import { type Schema, schema } from 'kairo/schema'
import type { OpenAPIV3 } from 'openapi-types'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { resource } from './resource.js'
import { toOpenAPI } from './to-openapi.js'

const User = schema.object({
  id: schema.string().uuid(),
  email: schema.string().email(),
  joined: schema.date(),
  role: schema.enum(['admin', 'member']).default('member'),
  nickname: schema.string().nullable().optional(),
})
type Category = { name: string; children: Category[] }
const Category: Schema<Category> = schema.lazy(() =>
  schema.object({ name: schema.string(), children: schema.array(Category) }),
)

const UserAPI = resource(
  'users',
  {
    get: {
      path: '/users/:id',
      params: schema.object({ id: schema.string().uuid() }),
      response: User,
      description: 'One user',
    },
    list: {
      path: '/users',
      query: schema.object({ page: schema.number().int().min(1), tags: schema.array(schema.string()).optional() }),
      response: schema.array(User),
    },
    create: { method: 'POST', path: '/users', body: User.omit(['id', 'joined']), response: User },
    remove: { method: 'DELETE', path: '/users/:id', successStatus: 204 },
    exists: { method: 'HEAD', path: '/users/:id' },
  },
  { baseUrl: 'https://api.example.com/v1' },
)
const CatalogAPI = resource(
  'catalog',
  {
    product: { path: '/products/:sku', response: z.object({ sku: z.string(), price: z.number().positive() }) },
    tree: { path: '/categories', response: Category },
  },
  { baseUrl: 'https://catalog.example.com' },
)

describe('toOpenAPI', () => {
  const doc = toOpenAPI([UserAPI, CatalogAPI], {
    title: 'Partner APIs',
    version: '1.2.0',
  }) as unknown as OpenAPIV3.Document

  it('produces a document that a real OpenAPI 3.0 validator accepts', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as OpenAPIV3.Document)).resolves.toBeTruthy()
  })

  it('declares every path parameter of every template', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])
      for (const method of ['get', 'post', 'delete', 'head'] as const) {
        const op = item?.[method]
        if (!op) continue
        const declared = (op.parameters as OpenAPIV3.ParameterObject[] | undefined)?.filter((p) => p.in === 'path')
        expect(declared?.map((p) => p.name) ?? []).toEqual(names)
        expect(declared?.every((p) => p.required)).not.toBe(false)
      }
    }
  })

  it('describes params, query, body and responses from the schemas', () => {
    const get = doc.paths['/users/{id}']!.get!
    expect(get).toMatchObject({ operationId: 'users.get', tags: ['users'], summary: 'One user' })
    expect(get.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
    ])
    const user = (get.responses['200'] as OpenAPIV3.ResponseObject).content!['application/json']!
      .schema as OpenAPIV3.SchemaObject
    expect(user.properties!.joined).toEqual({ type: 'string', format: 'date-time' })
    expect(user.required).toEqual(['id', 'email', 'joined'])
    const list = doc.paths['/users']!.get!
    expect(list.parameters).toEqual([
      { name: 'page', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
      { name: 'tags', in: 'query', required: false, schema: { type: 'array', items: { type: 'string' } } },
    ])
    const create = doc.paths['/users']!.post!
    const body = (create.requestBody as OpenAPIV3.RequestBodyObject).content['application/json']!
      .schema as OpenAPIV3.SchemaObject
    expect(Object.keys(body.properties!)).toEqual(['email', 'role', 'nickname'])
    expect(Object.keys(create.responses)).toEqual(['201', 'default'])
    expect(Object.keys(doc.paths['/users/{id}']!.delete!.responses)).toEqual(['204', 'default'])
    expect(doc.paths['/users/{id}']!.head!.responses['200']).toEqual({ description: 'Success, no body described' })
  })

  it('uses other Standard Schemas’ own JSON Schema, and per-path servers when base URLs differ', () => {
    const product = doc.paths['/products/{sku}']!
    const schemaObject = (product.get!.responses['200'] as OpenAPIV3.ResponseObject).content!['application/json']!
      .schema
    expect(schemaObject).toMatchObject({ type: 'object', properties: { sku: { type: 'string' } } })
    expect(product.servers).toEqual([{ url: 'https://catalog.example.com' }])
    expect(doc.servers).toBeUndefined()
    const single = toOpenAPI([UserAPI], { title: 't', version: '1' })
    expect(single.servers).toEqual([{ url: 'https://api.example.com/v1' }])
  })

  it('leaves a schema OpenAPI 3.0 cannot express open, saying why', () => {
    const tree = doc.paths['/categories']!.get!.responses['200'] as OpenAPIV3.ResponseObject
    expect((tree.content!['application/json']!.schema as OpenAPIV3.SchemaObject).description).toMatch(
      /^not expressible/,
    )
  })

  it('refuses two resources declaring the same method on the same path', () => {
    const twin = resource('twin', { get: { path: '/users/:id' } })
    expect(() => toOpenAPI([UserAPI, twin], { title: 't', version: '1' })).toThrow(
      /GET \/users\/\{id\} is declared twice/,
    )
  })
})
