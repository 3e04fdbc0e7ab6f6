import { schema } from 'kairo/schema'
import { describe, expect, it } from 'vitest'
import { resource } from './resource.js'

describe('resource definitions are checked when declared', () => {
  it('throws on a path that is not a template', () => {
    expect(() => resource('r', { a: { path: 'users' } })).toThrow('r.a: path "users" must start with /')
    expect(() => resource('r', { a: { path: '/users/:' } })).toThrow(/bad parameter name/)
    expect(() => resource('r', { a: { path: '/users/:id/x/:id' } })).toThrow(/appears twice/)
    expect(() => resource('r', { a: { path: '/users?x=1' } })).toThrow(/not a plain path segment/)
    expect(() => resource('r', { a: { path: '/a/../b' } })).toThrow(/not a plain path segment/)
  })

  it('throws when a Kairo params schema does not name exactly the path parameters', () => {
    const params = schema.object({ id: schema.string() })
    expect(() => resource('r', { a: { path: '/users/:userId', params } })).toThrow(
      'r.a: params schema has id but the path has userId',
    )
    expect(() => resource('r', { a: { path: '/users/:id', params: schema.string() } })).toThrow(/object schema/)
  })

  it('throws on a body for GET, an unknown method, and names the resource uses itself', () => {
    expect(() => resource('r', { a: { method: 'GET', path: '/x', body: schema.object({}) } })).toThrow(
      /GET request has no body/,
    )
    expect(() => resource('r', { a: { method: 'FETCH' as 'GET', path: '/x' } })).toThrow(/unknown method/)
    expect(() => resource('r', { mock: { path: '/x' } })).toThrow(/"mock" cannot name an operation/)
    expect(() => resource('r', { 'a-b': { path: '/x' } })).toThrow(/cannot name an operation/)
    expect(() => resource('', {})).toThrow(/non-empty/)
  })

  it('throws on a baseUrl that is not an http(s) URL, and on a bad ttl or timeout', () => {
    expect(() => resource('r', {}, { baseUrl: 'ftp://x' })).toThrow(/http\(s\)/)
    expect(() => resource('r', {}, { baseUrl: 'not a url' })).toThrow(/not a URL/)
    expect(() => resource('r', { a: { path: '/x', cache: { ttl: 0 } } })).toThrow(/ttl/)
    expect(() => resource('r', { a: { path: '/x', timeout: -1 } })).toThrow(/timeout/)
  })

  it('defaults the method to POST with a body, GET without, and exposes each operation as a step', () => {
    const api = resource('users', {
      create: { path: '/users', body: schema.object({ name: schema.string() }) },
      get: { path: '/users/:id' },
    })
    expect([api.create.method, api.get.method]).toEqual(['POST', 'GET'])
    expect(api.get).toMatchObject({ name: 'users.get', resource: 'users', operation: 'get', path: '/users/:id' })
    expect(typeof api.get.run).toBe('function')
    expect(api.operations.get).toBe(api.get)
    expect(Object.isFrozen(api)).toBe(true)
  })
})
