import type { Clock } from '../core/clock.js'
import { isKairoError } from '../core/kairo-error.js'
import { Err, Ok, type Result } from '../core/result.js'
import { AbortedError } from '../resilience/index.js'
import type { HttpMethod } from './operation-definition.js'
import {
  HttpError,
  MalformedResponseError,
  NetworkError,
  RedirectError,
  type ResourceError,
  ResponseTooLargeError,
} from './resource-errors.js'
import { isJsonType, readBody, TOO_LARGE } from './response-body.js'
import { retryAfterMs } from './retry-after.js'

/** A request ready to go out. @internal */
export interface PreparedRequest {
  /** `resource.operation`, for errors. */
  readonly operation: string
  readonly method: HttpMethod
  readonly url: string
  readonly headers: Headers
  /** Header names never sent to another origin. */
  readonly credentials: readonly string[]
  readonly body: string | undefined
}

/** How requests are sent. @internal */
export interface SendSettings {
  readonly fetch: typeof fetch
  readonly maxResponseBytes: number
  readonly maxRedirects: number
  readonly clock: Clock
}

/** A 2xx answer, read and decoded. @internal */
export interface Exchange {
  readonly status: number
  readonly headers: Headers
  /** The URL that answered, after redirects. */
  readonly url: string
  /** The raw body text (what the cache keeps). */
  readonly text: string
  /** Whether `text` is JSON (by `Content-Type`). */
  readonly json: boolean
  /** The decoded body: parsed JSON, the text, or `undefined` when empty. */
  readonly body: unknown
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * One attempt: sends the request, follows redirects (GET and HEAD only, at most `maxRedirects`,
 * never carrying credentials to another origin), reads the body within the size limit and turns
 * every failure into a `ResourceError`. Never rejects.
 *
 * @internal
 */
export async function sendRequest(
  request: PreparedRequest,
  signal: AbortSignal | undefined,
  settings: SendSettings,
): Promise<Result<ResourceError, Exchange>> {
  let url = request.url
  let headers = request.headers
  const visited = [url]
  try {
    for (let hops = 0; ; hops++) {
      const response = await settings.fetch(url, {
        method: request.method,
        headers,
        body: request.body,
        redirect: 'manual',
        signal,
      })
      if (!REDIRECTS.has(response.status) || (request.method !== 'GET' && request.method !== 'HEAD')) {
        return await readExchange(request, response, url, settings)
      }
      await response.body?.cancel().catch(() => {})
      const next = redirectTarget(request.operation, response, url)
      if (!next.ok) return new Err(next.error)
      if (visited.includes(next.value)) {
        return new Err(new RedirectError('REDIRECT_LOOP', request.operation, { location: next.value, hops: hops + 1 }))
      }
      if (hops >= settings.maxRedirects) {
        return new Err(
          new RedirectError('TOO_MANY_REDIRECTS', request.operation, {
            location: next.value,
            limit: settings.maxRedirects,
          }),
        )
      }
      if (new URL(next.value).origin !== new URL(url).origin) headers = withoutCredentials(headers, request.credentials)
      visited.push(next.value)
      url = next.value
    }
  } catch (error) {
    if (signal?.aborted) {
      const reason: unknown = signal.reason
      return new Err(
        isKairoError(reason) ? (reason as ResourceError) : new AbortedError('resource call', { cause: reason }),
      )
    }
    return new Err(new NetworkError(request.operation, error))
  }
}

async function readExchange(
  request: PreparedRequest,
  response: Response,
  url: string,
  settings: SendSettings,
): Promise<Result<ResourceError, Exchange>> {
  const text = await readBody(response, settings.maxResponseBytes)
  if (text === TOO_LARGE) return new Err(new ResponseTooLargeError(request.operation, settings.maxResponseBytes))
  const json = isJsonType(response.headers.get('content-type'))
  const success = response.status >= 200 && response.status < 300
  let body: unknown = text === '' ? undefined : text
  if (json && text !== '') {
    try {
      body = JSON.parse(text)
    } catch (error) {
      if (success) return new Err(new MalformedResponseError(request.operation, response.status, error))
    }
  }
  if (success) return new Ok({ status: response.status, headers: response.headers, url, text, json, body })
  const status = response.status
  const wait =
    status === 429 || status === 503
      ? retryAfterMs(response.headers.get('retry-after'), settings.clock.now())
      : undefined
  return new Err(
    new HttpError(request.operation, status, body, {
      headers: Object.fromEntries(response.headers),
      ...(wait === undefined ? {} : { retryAfterMs: wait }),
    }),
  )
}

function redirectTarget(operation: string, response: Response, from: string): Result<RedirectError, string> {
  const location = response.headers.get('location')
  let target: URL | undefined
  try {
    target = location === null ? undefined : new URL(location, from)
  } catch {
    target = undefined
  }
  if (target === undefined || (target.protocol !== 'http:' && target.protocol !== 'https:')) {
    return new Err(new RedirectError('BAD_REDIRECT', operation, { location, status: response.status }))
  }
  target.hash = ''
  return new Ok(target.href)
}

function withoutCredentials(headers: Headers, credentials: readonly string[]): Headers {
  const copy = new Headers(headers)
  for (const name of credentials) copy.delete(name)
  return copy
}
