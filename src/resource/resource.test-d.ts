import type { Result } from 'kairo'
import { schema } from 'kairo/schema'
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import type { PathParamNames } from './operation-definition.js'
import { resource } from './resource.js'
import type { ResourceError } from './resource-errors.js'
import type { ResourceOperation } from './resource-operation.js'

const User = schema.object({ id: schema.string().uuid(), name: schema.string(), joined: schema.date() })
const UserAPI = resource(
  'users',
  {
    get: { path: '/users/:id', params: schema.object({ id: schema.string().uuid() }), response: User },
    orders: { path: '/users/:userId/orders/:orderId' },
    list: { path: '/users', query: schema.object({ page: schema.number().optional() }), response: schema.array(User) },
    create: { method: 'POST', path: '/users', body: User.omit(['id']), response: User },
    update: {
      method: 'PUT',
      path: '/users/:id',
      body: z.object({ name: z.string() }),
      response: z.object({ ok: z.boolean() }),
    },
  },
  { baseUrl: 'https://api.example.com' },
)

describe('resource types', () => {
  it('reads path parameter names from templates', () => {
    expectTypeOf<PathParamNames<'/users/:id/orders/:orderId'>>().toEqualTypeOf<'id' | 'orderId'>()
    expectTypeOf<PathParamNames<'/users'>>().toEqualTypeOf<never>()
  })

  it('types run() from the schemas: params, query, body and response', () => {
    expectTypeOf(UserAPI.get.run).parameter(0).toEqualTypeOf<{ id: string }>()
    expectTypeOf(UserAPI.get.run({ id: 'x' })).resolves.toEqualTypeOf<
      Result<ResourceError, { id: string; name: string; joined: Date }>
    >()
    expectTypeOf(UserAPI.orders.run).parameter(0).toEqualTypeOf<{ userId: string | number; orderId: string | number }>()
    expectTypeOf(UserAPI.list.run).parameter(0).toEqualTypeOf<{ page?: number | undefined } | undefined>()
    expectTypeOf(UserAPI.create.run).parameter(0).toEqualTypeOf<{ body: { name: string; joined: string | Date } }>()
    expectTypeOf(UserAPI.update.run).parameter(0).toEqualTypeOf<{ id: string | number; body: { name: string } }>()
    expectTypeOf(UserAPI.update.run({ id: 1, body: { name: 'x' } })).resolves.toEqualTypeOf<
      Result<ResourceError, { ok: boolean }>
    >()
  })

  it('refuses wrong inputs', () => {
    // @ts-expect-error: id is required
    void UserAPI.get.run({})
    // @ts-expect-error: the body is required
    void UserAPI.create.run()
    // @ts-expect-error: page is a number
    void UserAPI.list.run({ page: 'two' })
  })

  it('exposes each operation as a step with name and run', () => {
    expectTypeOf(UserAPI.get).toExtend<ResourceOperation<{ id: string }, { id: string; name: string; joined: Date }>>()
    expectTypeOf(UserAPI.get.name).toEqualTypeOf<string>()
  })
})
