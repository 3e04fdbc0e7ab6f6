import type { CacheManager } from '../cache/index.js'
import type { Clock } from '../core/clock.js'
import type { InferSchemaInput, InferSchemaOutput, StandardSchemaV1 } from '../core/standard-schema.js'
import type { BackoffOptions, CircuitBreaker, CircuitBreakerOptions } from '../resilience/index.js'

/** The HTTP methods an operation may use. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'

/** Header names and values. */
export type HeaderValues = Readonly<Record<string, string>>

/** What a header function is told about the call it adds headers to. */
export interface HeaderContext {
  readonly resource: string
  readonly operation: string
  readonly method: HttpMethod
  /** The URL of the request, query included. */
  readonly url: string
}

/** Static headers, or a function computing them for each call (it may be async). */
export type HeadersOption = HeaderValues | ((context: HeaderContext) => HeaderValues | Promise<HeaderValues>)

/** A value, or a function giving it for each call (an access token that refreshes, say). */
export type SecretOption = string | (() => string | Promise<string>)

/**
 * How calls authenticate. The header it produces is never sent to another origin after a redirect.
 *
 * - `bearer`: `Authorization: Bearer <token>`;
 * - `basic`: `Authorization: Basic base64(username:password)`;
 * - `header`: a header of your own, such as `X-Api-Key`.
 */
export type AuthOptions =
  | { readonly type: 'bearer'; readonly token: SecretOption }
  | { readonly type: 'basic'; readonly username: string; readonly password: SecretOption }
  | { readonly type: 'header'; readonly name: string; readonly value: SecretOption }

/** GET caching: how long a 2xx answer is reused, and which request headers tell answers apart. */
export interface ResourceCacheOptions {
  /** Milliseconds an answer stays fresh. */
  readonly ttl: number
  /**
   * Request headers whose values are part of the cache key, as `Vary` does. Defaults to
   * `['authorization']`, so callers with different credentials never share answers. Values are
   * hashed (SHA-256) before they reach the key.
   */
  readonly vary?: readonly string[]
}

/** Retries of failed calls; each option has a default. */
export interface ResourceRetryOptions {
  /** Retries after the first attempt (`times: 2` means at most 3 attempts). Defaults to 2. */
  readonly times?: number
  /** The wait between attempts. Defaults to exponential from 100 ms with full jitter (`kairo/resilience`). */
  readonly backoff?: BackoffOptions
  /**
   * Also retry methods that are not idempotent (POST, PATCH). Off by default: they are retried
   * only when the request carries an `Idempotency-Key` header.
   */
  readonly unsafe?: boolean
  /** A 429 or 503 asking to wait longer than this (ms) is not retried. Defaults to 30 000. */
  readonly maxRetryAfterMs?: number
  /** Which failures are retried. Defaults to those whose `retryable` is true. */
  readonly retryIf?: (error: unknown, attempt: number) => boolean
}

/** A sample call of an operation, for contract verification and documentation. */
export interface OperationExample {
  /** Names the example in reports. */
  readonly name?: string
  /** The operation's input: path params and query fields, and `body` when there is one. */
  readonly input: unknown
  /** The status to expect. Defaults to the operation's `successStatus`, else any 2xx. */
  readonly status?: number
}

/**
 * One operation of a resource: an HTTP method on a path template (`/users/:id`) with the schemas
 * of its params, query, body and response. Any Standard Schema works (Kairo, Zod, Valibot,
 * ArkType); Kairo schemas also give sample data (mocks, contracts) and OpenAPI.
 */
export interface OperationDefinition {
  /** Defaults to `POST` when a `body` is declared, else `GET`. */
  readonly method?: HttpMethod
  /** Starts with `/`; a segment `:name` is a path parameter. */
  readonly path: string
  /** The path parameters. Without it, each `:name` takes a string or a number. */
  readonly params?: StandardSchemaV1
  /** The query string, as an object of strings, numbers, booleans, dates or arrays of them. */
  readonly query?: StandardSchemaV1
  /** The JSON body. */
  readonly body?: StandardSchemaV1
  /** The 2xx body. Without it, `run` resolves to the parsed body as `unknown`. */
  readonly response?: StandardSchemaV1
  /** Headers of this operation, over the resource's. */
  readonly headers?: HeadersOption
  /** GET/HEAD caching of this operation; `false` turns the resource's `defaultCache` off. */
  readonly cache?: ResourceCacheOptions | false
  /** Retries of this operation; `false` turns them off. */
  readonly retry?: ResourceRetryOptions | false
  /** Milliseconds per attempt; `false` for none. Defaults to the resource's `defaultTimeout`. */
  readonly timeout?: number | false
  /** The status a success answers with, for mocks and contract checks. Defaults to 200 (201 for POST mocks). */
  readonly successStatus?: number
  /** Sample inputs for `contract().verify()`. */
  readonly examples?: readonly OperationExample[]
  readonly description?: string
  /** Identical concurrent GET/HEAD calls share one request. Defaults to true. */
  readonly coalesce?: boolean
  /** Overrides the resource's `maxResponseBytes`. */
  readonly maxResponseBytes?: number
  /** Overrides the resource's `maxRedirects`. */
  readonly maxRedirects?: number
}

/** Settings shared by every operation of a resource (the third argument of `resource`). */
export interface ResourceDefaults {
  /** Where the API lives (`https://api.example.com/v1`); operation paths are appended to it. */
  readonly baseUrl?: string
  readonly headers?: HeadersOption
  readonly auth?: AuthOptions
  /** GET caching for every GET/HEAD operation that does not say otherwise. Off by default. */
  readonly defaultCache?: ResourceCacheOptions
  /**
   * Where cached answers are kept. Defaults to an in-process `CacheManager` of the resource's own
   * (1 000 entries, LRU); pass a shared one (with a Redis layer, say) to share answers.
   */
  readonly cache?: CacheManager
  /** Retries for every operation that does not say otherwise. Defaults to `{ times: 2 }`. */
  readonly defaultRetry?: ResourceRetryOptions | false
  /** Milliseconds per attempt. Defaults to 10 000. */
  readonly defaultTimeout?: number | false
  /** A breaker every call goes through: a ready one (from a registry) or options for a new one. */
  readonly circuitBreaker?: CircuitBreaker | CircuitBreakerOptions
  /** The `fetch` to call. Defaults to the global one. */
  readonly fetch?: typeof fetch
  /** Largest body read, in bytes; a larger one ends the call with `RESPONSE_TOO_LARGE`. Defaults to 10 MiB. */
  readonly maxResponseBytes?: number
  /** Redirects followed by GET and HEAD (other methods follow none). Defaults to 5. */
  readonly maxRedirects?: number
  /** For backoffs, `Retry-After` waits, deadlines and cache ages. Defaults to the system clock. */
  readonly clock?: Clock
}

/** Options of one call. */
export interface RunOptions {
  /** Aborting it ends the call with `ABORTED` (a shared GET goes on while other callers wait for it). */
  readonly signal?: AbortSignal
  /** Headers of this call, over the operation's and the resource's. */
  readonly headers?: HeaderValues
  /** Sends `Idempotency-Key`, which also lets a POST or PATCH be retried. */
  readonly idempotencyKey?: string
  /** `'no-cache'` skips reading the cache (the fresh answer is stored); `'no-store'` neither reads nor stores. */
  readonly cache?: 'default' | 'no-cache' | 'no-store'
}

/** A 2xx answer with its status and headers (what `send` resolves to). */
export interface ResourceResponse<T> {
  readonly status: number
  readonly headers: Headers
  readonly data: T
  /** The URL that answered, after redirects. */
  readonly url: string
  /** Whether the answer came from the cache, was shared with a concurrent identical call, or was fetched. */
  readonly source: 'network' | 'cache' | 'coalesced'
}

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** The names of the `:name` segments of a path template. */
export type PathParamNames<P extends string> = P extends `${string}/:${infer Rest}`
  ? Rest extends `${infer Name}/${infer Tail}`
    ? Name | PathParamNames<`/${Tail}`>
    : Rest
  : never

/** A path parameter given without a schema. */
export type PathParamValue = string | number

type ParamsInput<O> = O extends { readonly params: infer S extends StandardSchemaV1 }
  ? InferSchemaInput<S>
  : O extends { readonly path: infer P extends string }
    ? { [K in PathParamNames<P>]: PathParamValue }
    : {}
type QueryInput<O> = O extends { readonly query: infer S extends StandardSchemaV1 } ? InferSchemaInput<S> : {}
type BodyInput<O> = O extends { readonly body: infer S extends StandardSchemaV1 } ? { body: InferSchemaInput<S> } : {}

/** What an operation's `run` takes: path params and query fields side by side, and `body`. */
export type OperationInput<O> = Simplify<ParamsInput<O> & QueryInput<O> & BodyInput<O>>

/** What an operation's `run` resolves to: the `response` schema's output, else `unknown`. */
export type OperationOutput<O> = O extends { readonly response: infer S extends StandardSchemaV1 }
  ? InferSchemaOutput<S>
  : unknown

/** The arguments of `run` and `send`: the input may be left out when nothing in it is required. */
export type RunArguments<I> = {} extends I ? [input?: I, options?: RunOptions] : [input: I, options?: RunOptions]
