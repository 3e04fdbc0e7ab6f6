import { systemClock } from '../core/clock.js'
import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'
import { type CircuitBreaker, circuitBreaker } from '../resilience/index.js'
import { introspect, isSchema } from '../schema/index.js'
import { CallPolicy } from './call-policy.js'
import { type ContractReport, type ContractVerifyOptions, contractDefinitions, verifyContract } from './contract.js'
import { InFlight } from './in-flight.js'
import { type MockOptions, type MockScenarios, type MockServer, startMockServer } from './mock-server.js'
import type {
  HttpMethod,
  OperationDefinition,
  OperationInput,
  OperationOutput,
  ResourceDefaults,
} from './operation-definition.js'
import { type PathTemplate, parsePathTemplate } from './path-template.js'
import type { ResourceError } from './resource-errors.js'
import { type ResourceOperation, resourceOperation } from './resource-operation.js'
import { ResponseCache } from './response-cache.js'
import type { Exchange } from './send-request.js'

/** The callable operations of a resource, typed from their definitions. */
export type ResourceOperations<Ops extends Record<string, OperationDefinition>> = {
  readonly [K in keyof Ops & string]: ResourceOperation<OperationInput<Ops[K]>, OperationOutput<Ops[K]>>
}

/** Checks a contract: `verify(baseUrl)` calls every operation of a live API. */
export interface ResourceContract {
  verify(baseUrl: string, options?: ContractVerifyOptions): Promise<ContractReport>
}

/** What a resource has besides its operations. */
export interface ResourceMethods<Ops extends Record<string, OperationDefinition>> {
  readonly name: string
  /** The operations by name (also reachable as properties: `UserAPI.get`). */
  readonly operations: ResourceOperations<Ops>
  /** The definitions as given, for tools (`toOpenAPI`, mocks, contracts). */
  readonly definitions: Readonly<Ops>
  readonly defaults: Readonly<ResourceDefaults>
  /** Contract verification against a live API. */
  contract(): ResourceContract
  /** Starts a local HTTP server answering every operation per `scenarios` (see `respond`). */
  mock(scenarios?: MockScenarios<Ops>, options?: MockOptions): Promise<Result<KairoError, MockServer<Ops>>>
  /** The same resource with other settings (a `baseUrl`, a `fetch`, a breaker, …). */
  withOptions(overrides: ResourceDefaults): Resource<Ops>
  /** Drops cached answers of one operation, or of all; resolves to how many. */
  invalidate(operation?: keyof Ops & string): Promise<Result<KairoError, number>>
  /** Releases the resource's own cache (not a shared one). */
  close(): Promise<void>
}

/** A resource: its operations as properties, plus {@link ResourceMethods}. */
export type Resource<Ops extends Record<string, OperationDefinition>> = ResourceOperations<Ops> & ResourceMethods<Ops>

const RESERVED = new Set([
  'name',
  'operations',
  'definitions',
  'defaults',
  'contract',
  'mock',
  'withOptions',
  'invalidate',
  'close',
  'then',
])
const METHODS = new Set<HttpMethod>(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
const OPERATION_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * Declares an HTTP API once: each operation's method, path template and schemas (any Standard
 * Schema). Calls are validated on the way out and on the way back, URL-encoded, authenticated,
 * retried (idempotent methods only, unless asked), bounded by a timeout and an optional circuit
 * breaker, cached and coalesced (GET), size-limited and traced — and return `Result`s.
 * A mistake in the definition (a bad path, a params schema that does not match the path, an
 * operation name the resource itself uses) throws at once.
 *
 * @example
 * ```ts
 * import { resource } from 'kairo/resource'
 * import { schema } from 'kairo/schema'
 *
 * const User = schema.object({ id: schema.string().uuid(), name: schema.string() })
 * const UserAPI = resource(
 *   'users',
 *   {
 *     get: { path: '/users/:id', params: schema.object({ id: schema.string().uuid() }), response: User },
 *     create: { method: 'POST', path: '/users', body: User.omit(['id']), response: User },
 *   },
 *   { baseUrl: 'https://api.example.com', defaultCache: { ttl: 60_000 }, defaultRetry: { times: 3 }, defaultTimeout: 5000 },
 * )
 * const user = await UserAPI.get.run({ id }) // Result<ResourceError, { id: string; name: string }>
 * const created = await UserAPI.create.run({ body: { name: 'Ada' } })
 * ```
 */
export function resource<const Ops extends Record<string, OperationDefinition>>(
  name: string,
  operations: Ops,
  defaults: ResourceDefaults = {},
): Resource<Ops> {
  if (typeof name !== 'string' || name === '') throw new TypeError('resource: name must be a non-empty string')
  const frozenDefaults = Object.freeze({ ...defaults })
  const baseUrl = normaliseBaseUrl(name, defaults.baseUrl)
  const clock = defaults.clock ?? systemClock
  const breaker = makeBreaker(name, defaults)
  const cache = new ResponseCache(defaults.cache, clock)
  const inFlight = new InFlight<Result<ResourceError, Exchange>>()
  const serverAddress = baseUrl === undefined ? undefined : new URL(baseUrl).host

  const callable: Record<string, ResourceOperation<unknown, unknown>> = {}
  for (const [operationName, definition] of Object.entries(operations)) {
    if (!OPERATION_NAME.test(operationName) || RESERVED.has(operationName)) {
      throw new TypeError(`resource ${name}: ${JSON.stringify(operationName)} cannot name an operation`)
    }
    const where = `${name}.${operationName}`
    const method = definition.method ?? (definition.body ? 'POST' : 'GET')
    if (!METHODS.has(method)) throw new TypeError(`${where}: unknown method ${JSON.stringify(method)}`)
    if (definition.body && (method === 'GET' || method === 'HEAD')) {
      throw new TypeError(`${where}: a ${method} request has no body`)
    }
    let path: PathTemplate
    try {
      path = parsePathTemplate(definition.path)
    } catch (error) {
      throw new TypeError(`${where}: ${(error as Error).message}`)
    }
    checkParamsSchema(where, path, definition)
    const retry = definition.retry ?? defaults.defaultRetry ?? {}
    const timeoutMs = definition.timeout ?? defaults.defaultTimeout ?? 10_000
    if (timeoutMs !== false && !(timeoutMs > 0))
      throw new RangeError(`${where}: timeout must be a positive number of ms`)
    const cacheOptions =
      method === 'GET' || method === 'HEAD'
        ? definition.cache === false
          ? undefined
          : (definition.cache ?? defaults.defaultCache)
        : undefined
    if (cacheOptions && !(cacheOptions.ttl > 0)) throw new RangeError(`${where}: cache ttl must be a positive number`)
    callable[operationName] = resourceOperation({
      shape: {
        resource: name,
        operation: operationName,
        method,
        path,
        baseUrl,
        params: definition.params,
        query: definition.query,
        body: definition.body,
        resourceHeaders: defaults.headers,
        operationHeaders: definition.headers,
        auth: defaults.auth,
      },
      definition: Object.freeze({ ...definition, method }),
      policy: new CallPolicy({ name: where, retry, timeoutMs, breaker, clock }),
      send: {
        fetch: defaults.fetch ?? globalThis.fetch,
        maxResponseBytes: definition.maxResponseBytes ?? defaults.maxResponseBytes ?? 10 * 1024 * 1024,
        maxRedirects: definition.maxRedirects ?? defaults.maxRedirects ?? 5,
        clock,
      },
      cache: cacheOptions ? cache : undefined,
      cacheOptions,
      coalesce: definition.coalesce ?? true,
      retryUnsafe: retry !== false && retry.unsafe === true,
      inFlight,
      tags: [`resource:${name}`, `resource:${where}`],
      serverAddress,
    })
  }
  const ops = Object.freeze(callable) as unknown as ResourceOperations<Ops>

  const methods: ResourceMethods<Ops> = {
    name,
    operations: ops,
    definitions: operations,
    defaults: frozenDefaults,
    contract: () =>
      Object.freeze({
        verify: (url: string, options?: ContractVerifyOptions) => {
          const verifier = resource(name, contractDefinitions(operations), {
            ...frozenDefaults,
            baseUrl: url,
            circuitBreaker: undefined,
            ...(options?.fetch ? { fetch: options.fetch } : {}),
          })
          return verifyContract(verifier, url, options)
        },
      }),
    mock: (scenarios, options) => startMockServer(self, scenarios, options),
    withOptions: (overrides) => resource(name, operations, { ...frozenDefaults, ...overrides }),
    invalidate: (operation) => cache.invalidate(operation ? `resource:${name}.${operation}` : `resource:${name}`),
    close: () => cache.close(),
  }
  const self = Object.freeze({ ...callable, ...methods }) as Resource<Ops>
  return self
}

function normaliseBaseUrl(name: string, baseUrl: string | undefined): string | undefined {
  if (baseUrl === undefined) return undefined
  let url: URL
  try {
    url = new URL(baseUrl)
  } catch {
    throw new TypeError(`resource ${name}: baseUrl ${JSON.stringify(baseUrl)} is not a URL`)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new TypeError(`resource ${name}: baseUrl must be an http(s) URL without query or fragment`)
  }
  return url.href.replace(/\/+$/, '')
}

function makeBreaker(name: string, defaults: ResourceDefaults): CircuitBreaker | undefined {
  const given = defaults.circuitBreaker
  if (given === undefined) return undefined
  if (typeof (given as CircuitBreaker).execute === 'function') return given as CircuitBreaker
  return circuitBreaker({ name, ...(defaults.clock ? { clock: defaults.clock } : {}), ...given })
}

/** A Kairo object schema for `params` must name exactly the path's parameters. */
function checkParamsSchema(where: string, path: PathTemplate, definition: OperationDefinition): void {
  const params = definition.params
  if (!params || !isSchema(params)) return
  const node = introspect(params)
  if (node.kind !== 'object') throw new TypeError(`${where}: params must be an object schema`)
  const keys = [...node.keys].sort()
  const names = [...path.paramNames].sort()
  if (keys.join() !== names.join()) {
    throw new TypeError(
      `${where}: params schema has ${keys.join(', ') || 'no keys'} but the path has ${names.join(', ') || 'no parameters'}`,
    )
  }
}
