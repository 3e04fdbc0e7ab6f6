import type { Attributes, Counter } from '@opentelemetry/api'
import { Err, Ok, type Result } from '../core/result.js'
import { validateStandard } from '../core/standard-schema.js'
import { kairoMeter, withSpan } from '../core/telemetry.js'
import { AbortedError } from '../resilience/index.js'
import type { CallPolicy } from './call-policy.js'
import type { InFlight } from './in-flight.js'
import type {
  HttpMethod,
  OperationDefinition,
  ResourceCacheOptions,
  ResourceResponse,
  RunArguments,
  RunOptions,
} from './operation-definition.js'
import { prepareRequest, type RequestShape } from './prepare-request.js'
import { type ResourceError, ResponseValidationError } from './resource-errors.js'
import { ResponseCache } from './response-cache.js'
import { type Exchange, type SendSettings, sendRequest } from './send-request.js'

/**
 * One operation of a resource, usable on its own: as a function value, or as a step of a
 * pipeline or workflow (`kairo/process`), which needs exactly `name` and `run`.
 *
 * @example
 * ```ts
 * const getUser: ResourceOperation<{ id: string }, User> = UserAPI.get
 * const r = await getUser.run({ id }) // Result<ResourceError, User>
 * const full = await getUser.send({ id }) // Result<ResourceError, { status, headers, data, url, source }>
 * ```
 */
export interface ResourceOperation<I, O> {
  /** `resource.operation`, e.g. `'users.get'`: names the step, spans and errors. */
  readonly name: string
  readonly resource: string
  readonly operation: string
  readonly method: HttpMethod
  /** The path template, e.g. `/users/:id`. */
  readonly path: string
  readonly definition: Readonly<OperationDefinition>
  /** Calls the operation; resolves to the validated response body. Never rejects. */
  run(...args: RunArguments<I>): Promise<Result<ResourceError, O>>
  /** Like `run`, with the status, headers, final URL and where the answer came from. */
  send(...args: RunArguments<I>): Promise<Result<ResourceError, ResourceResponse<O>>>
}

/** Everything an operation needs at call time, fixed when the resource is made. @internal */
export interface OperationRuntime {
  readonly shape: RequestShape
  readonly definition: OperationDefinition
  readonly policy: CallPolicy
  readonly send: SendSettings
  readonly cache: ResponseCache | undefined
  readonly cacheOptions: ResourceCacheOptions | undefined
  readonly coalesce: boolean
  /** Retry POST and PATCH too (`retry: { unsafe: true }`). */
  readonly retryUnsafe: boolean
  readonly inFlight: InFlight<Result<ResourceError, Exchange>>
  readonly tags: readonly string[]
  readonly serverAddress: string | undefined
}

type Fetched = {
  readonly result: Result<ResourceError, Exchange>
  readonly source: ResourceResponse<unknown>['source']
}

const IDEMPOTENT = new Set<HttpMethod>(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])
const aborted = (reason: unknown) => new Err(new AbortedError('resource call', { cause: reason }))
let callCounter: Counter | undefined

/**
 * Makes the callable operation over its runtime.
 *
 * @internal
 */
export function resourceOperation<I, O>(runtime: OperationRuntime): ResourceOperation<I, O> {
  const { shape } = runtime
  const name = `${shape.resource}.${shape.operation}`
  const cacheable = shape.method === 'GET' || shape.method === 'HEAD'
  const spanAttributes: Attributes = {
    'kairo.resource': shape.resource,
    'kairo.resource.operation': shape.operation,
    'http.request.method': shape.method,
    'url.template': shape.path.template,
    ...(runtime.serverAddress ? { 'server.address': runtime.serverAddress } : {}),
  }
  callCounter ??= kairoMeter().createCounter('kairo.resource.calls', {
    description: 'resource calls by resource, operation and outcome (ok or the error code)',
  })
  const counter = callCounter

  async function fetchExchange(
    request: Awaited<ReturnType<typeof prepareRequest>> & { ok: true },
    options: RunOptions | undefined,
  ): Promise<Fetched & { readonly attempts: number; readonly cacheKey: string | undefined }> {
    const prepared = request.value
    const mode = options?.cache ?? 'default'
    const cacheOptions = cacheable && mode !== 'no-store' ? runtime.cacheOptions : undefined
    const cacheKey =
      cacheOptions && runtime.cache
        ? ResponseCache.key(shape.method, prepared.url, prepared.headers, cacheOptions.vary ?? ['authorization'])
        : undefined
    if (cacheKey !== undefined && mode === 'default') {
      const hit = await runtime.cache!.get(cacheKey)
      if (hit) return { result: new Ok(hit), source: 'cache', attempts: 0, cacheKey }
    }
    const mayRetry =
      IDEMPOTENT.has(shape.method) ||
      (runtime.policy.retries && (runtime.retryUnsafe || prepared.headers.has('idempotency-key')))
    let attempts = 0
    const call = async (signal: AbortSignal | undefined) => {
      const outcome = await runtime.policy.execute(
        (attemptSignal) => sendRequest(prepared, attemptSignal, runtime.send),
        mayRetry,
        signal,
      )
      attempts = outcome.attempts
      return outcome.result
    }
    if (!cacheable || !runtime.coalesce) {
      return { result: await call(options?.signal), source: 'network', attempts, cacheKey }
    }
    const flightKey = `${shape.method} ${prepared.url}\n${[...prepared.headers].join('\n')}`
    const { outcome, coalesced } = runtime.inFlight.run(flightKey, call, options?.signal, aborted)
    const result = await outcome
    return { result, source: coalesced ? 'coalesced' : 'network', attempts, cacheKey }
  }

  async function send(input?: unknown, options?: RunOptions): Promise<Result<ResourceError, ResourceResponse<O>>> {
    return withSpan('kairo.resource', spanAttributes, async (span) => {
      const request = await prepareRequest(shape, input, options)
      if (!request.ok) {
        counter.add(1, { ...spanAttributes, outcome: request.error.code })
        return new Err(request.error)
      }
      const fetched = await fetchExchange(request, options)
      span.setAttribute('kairo.resource.source', fetched.source)
      span.setAttribute('kairo.resource.attempts', fetched.attempts)
      const status = fetched.result.ok
        ? fetched.result.value.status
        : (fetched.result.error as { status?: unknown }).status
      if (typeof status === 'number') span.setAttribute('http.response.status_code', status)
      const checked = await validateResponse(fetched.result)
      if (checked.ok && fetched.source === 'network' && fetched.cacheKey !== undefined && fetched.result.ok) {
        await runtime.cache!.set(fetched.cacheKey, fetched.result.value, runtime.cacheOptions!.ttl, runtime.tags)
      }
      counter.add(1, { ...spanAttributes, outcome: checked.ok ? 'ok' : checked.error.code })
      return checked.ok ? new Ok({ ...checked.value, source: fetched.source }) : new Err(checked.error)
    })
  }

  async function validateResponse(
    result: Result<ResourceError, Exchange>,
  ): Promise<Result<ResourceError, Omit<ResourceResponse<O>, 'source'>>> {
    if (!result.ok) return new Err(result.error)
    const exchange = result.value
    const schema = runtime.definition.response
    let data = exchange.body
    if (schema) {
      const parsed = await validateStandard(schema, exchange.body)
      if (!parsed.ok) return new Err(new ResponseValidationError(name, exchange.status, exchange.body, parsed.error))
      data = parsed.value
    }
    return new Ok({ status: exchange.status, headers: exchange.headers, url: exchange.url, data: data as O })
  }

  return Object.freeze({
    name,
    resource: shape.resource,
    operation: shape.operation,
    method: shape.method,
    path: shape.path.template,
    definition: runtime.definition,
    send: send as ResourceOperation<I, O>['send'],
    run: (async (input?: unknown, options?: RunOptions) => {
      const r = await send(input, options)
      return r.ok ? new Ok(r.value.data) : r
    }) as ResourceOperation<I, O>['run'],
  })
}
