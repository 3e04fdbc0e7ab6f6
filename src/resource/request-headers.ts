import { Err, Ok, type Result } from '../core/result.js'
import type { AuthOptions, HeaderContext, HeadersOption, HeaderValues, SecretOption } from './operation-definition.js'
import { ResourceConfigError } from './resource-errors.js'

/** The headers of one request, and which of them are credentials (dropped on a cross-origin redirect). */
export interface RequestHeaders {
  readonly headers: Headers
  readonly credentials: readonly string[]
}

/** Where a request's headers come from, lowest precedence first. @internal */
export interface HeaderSources {
  readonly resource: HeadersOption | undefined
  readonly operation: HeadersOption | undefined
  readonly auth: AuthOptions | undefined
  readonly call: HeaderValues | undefined
  readonly idempotencyKey: string | undefined
  readonly json: boolean
}

/** Headers that carry credentials whatever the auth option says. */
const ALWAYS_CREDENTIALS = ['authorization', 'proxy-authorization', 'cookie']

/**
 * Merges the resource's, the operation's, the auth and the call's headers (later ones win, names
 * compared without case). A header function or token provider that throws, or a value HTTP does
 * not allow (a line break, say), is a `ResourceConfigError`: nothing is sent.
 *
 * @internal
 */
export async function resolveHeaders(
  sources: HeaderSources,
  context: HeaderContext,
): Promise<Result<ResourceConfigError, RequestHeaders>> {
  const name = `${context.resource}.${context.operation}`
  const merged: Record<string, string> = { accept: 'application/json' }
  try {
    assign(merged, await headerValues(sources.resource, context))
    assign(merged, await headerValues(sources.operation, context))
  } catch (error) {
    return new Err(new ResourceConfigError(name, 'a headers function failed', { cause: error }))
  }
  let credentials = ALWAYS_CREDENTIALS
  if (sources.auth) {
    let auth: readonly [string, string]
    try {
      auth = await authHeader(sources.auth)
    } catch (error) {
      return new Err(new ResourceConfigError(name, 'the auth token provider failed', { cause: error }))
    }
    merged[auth[0]] = auth[1]
    if (!credentials.includes(auth[0])) credentials = [...credentials, auth[0]]
  }
  assign(merged, sources.call)
  if (sources.idempotencyKey !== undefined) merged['idempotency-key'] = sources.idempotencyKey
  if (sources.json) merged['content-type'] = 'application/json'
  try {
    return new Ok({ headers: new Headers(merged), credentials })
  } catch (error) {
    return new Err(
      new ResourceConfigError(name, `invalid header: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      }),
    )
  }
}

function assign(target: Record<string, string>, values: HeaderValues | undefined): void {
  if (values === undefined) return
  for (const key of Object.keys(values)) target[key.toLowerCase()] = values[key]!
}

function headerValues(option: HeadersOption | undefined, context: HeaderContext) {
  return typeof option === 'function' ? option(context) : option
}

async function secret(value: SecretOption): Promise<string> {
  return typeof value === 'function' ? await value() : value
}

async function authHeader(auth: AuthOptions): Promise<readonly [string, string]> {
  switch (auth.type) {
    case 'bearer':
      return ['authorization', `Bearer ${await secret(auth.token)}`]
    case 'basic': {
      const pair = `${auth.username}:${await secret(auth.password)}`
      return ['authorization', `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`]
    }
    case 'header':
      return [auth.name.toLowerCase(), await secret(auth.value)]
    default: {
      const unknown: never = auth
      throw new TypeError(`unknown auth ${JSON.stringify(unknown)}`)
    }
  }
}
