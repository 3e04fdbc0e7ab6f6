import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { UnavailableError } from '../core/errors.js'
import type { KairoError } from '../core/kairo-error.js'
import { Err, Ok, type Result } from '../core/result.js'
import { validateStandard } from '../core/standard-schema.js'
import { isSchema, sample } from '../schema/index.js'
import type { MockAnswer, MockCall, MockReply } from './mock-responses.js'
import type { HttpMethod, OperationDefinition } from './operation-definition.js'
import { matchPath, type PathTemplate, parsePathTemplate } from './path-template.js'
import type { Resource } from './resource.js'

/** An answer per operation; operations left out answer `respond.ok()` (generated data). */
export type MockScenarios<Ops> = { readonly [K in keyof Ops]?: MockAnswer }

/** Options of `resource.mock()`. */
export interface MockOptions {
  /** Seeds generated data and `respond.flaky`. Defaults to 1. */
  readonly seed?: number
  /** Defaults to 0: a free port. */
  readonly port?: number
  /** Defaults to `127.0.0.1`. */
  readonly host?: string
  /** Answer 400 to a body that does not match the operation's body schema. Defaults to true. */
  readonly validateRequests?: boolean
  /** Most calls kept in `calls` (the oldest go first). Defaults to 1 000. */
  readonly keepCalls?: number
}

/** A running mock server. */
export interface MockServer<Ops> {
  /** `http://127.0.0.1:<port>`: use it as the resource's `baseUrl`. */
  readonly url: string
  /** The requests received, oldest first. */
  readonly calls: readonly MockCall[]
  /** The calls one operation received. */
  callsTo(operation: keyof Ops & string): MockCall[]
  /** Replaces the scenarios of the operations named (their sequences start over). */
  use(scenarios: MockScenarios<Ops>): void
  /** Forgets the calls received. */
  clearCalls(): void
  /** Stops the server, closing open connections. */
  close(): Promise<void>
}

interface Route {
  readonly name: string
  readonly method: HttpMethod
  readonly path: PathTemplate
  readonly definition: OperationDefinition
}

/** Body bytes a mock reads at most; a larger request is answered 413. */
const MAX_REQUEST_BYTES = 1024 * 1024

/**
 * Starts the mock server of a resource on a free local port.
 *
 * @internal
 */
export async function startMockServer<Ops extends Record<string, OperationDefinition>>(
  target: Resource<Ops>,
  scenarios: MockScenarios<Ops> = {},
  options: MockOptions = {},
): Promise<Result<KairoError, MockServer<Ops>>> {
  const routes: Route[] = Object.entries(target.definitions).map(([name, definition]) => ({
    name,
    method: definition.method ?? (definition.body ? 'POST' : 'GET'),
    path: parsePathTemplate(definition.path),
    definition,
  }))
  const current = new Map<string, MockAnswer>(Object.entries(scenarios) as [string, MockAnswer][])
  const sequenceState = new Map<MockAnswer, number>()
  const counters = new Map<string, number>()
  const random = seededRandom(options.seed ?? 1)
  const keep = options.keepCalls ?? 1000
  const calls: MockCall[] = []
  const sockets = new Set<Socket>()

  const server = createServer((req, res) => {
    readRequest(req).then(
      (text) => handle(req, res, text),
      () => res.destroy(),
    )
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })

  function handle(req: IncomingMessage, res: ServerResponse, text: string | undefined): void {
    const targetPath = req.url ?? '/'
    const queryAt = targetPath.indexOf('?')
    const rawPath = queryAt === -1 ? targetPath : targetPath.slice(0, queryAt)
    const method = (req.method ?? 'GET').toUpperCase()
    let route: Route | undefined
    let params: Record<string, string> = {}
    for (const candidate of routes) {
      const same = candidate.method === method || (method === 'HEAD' && candidate.method === 'GET')
      const matched = same ? matchPath(candidate.path, rawPath) : undefined
      if (matched) {
        route = candidate
        params = matched
        if (candidate.method === method) break
      }
    }
    const call: MockCall = Object.freeze({
      operation: route?.name,
      method,
      path: rawPath,
      target: targetPath,
      params: Object.freeze(params),
      query: parseQuery(queryAt === -1 ? '' : targetPath.slice(queryAt + 1)),
      headers: Object.freeze({ ...req.headers }),
      body: decodeBody(text),
      at: Date.now(),
    })
    calls.push(call)
    if (calls.length > keep) calls.splice(0, calls.length - keep)
    if (text === undefined) {
      sendJson(res, 413, { error: { status: 413, message: 'request body too large' } })
      return
    }
    if (!route) {
      sendJson(res, 404, { error: { status: 404, message: `no mock for ${method} ${rawPath}` } })
      return
    }
    const answering = route
    void (async () => {
      if (options.validateRequests !== false && answering.definition.body) {
        const checked = await validateStandard(answering.definition.body, call.body)
        if (!checked.ok) {
          return sendJson(res, 400, {
            error: { code: 'VALIDATION_FAILED', message: checked.error.message, issues: checked.error.issues },
          })
        }
      }
      const answer = current.get(answering.name) ?? DEFAULT_ANSWER
      await perform(res, req.socket, answering, call, answer)
    })()
  }

  async function perform(res: ServerResponse, socket: Socket, route: Route, call: MockCall, answer: MockAnswer) {
    let next = answer
    for (;;) {
      if (typeof next === 'function') next = next(call)
      else if (next.kind === 'sequence') {
        const index = sequenceState.get(next) ?? 0
        sequenceState.set(next, index + 1)
        const at = next.cycle ? index % next.answers.length : Math.min(index, next.answers.length - 1)
        next = next.answers[at]!
      } else if (next.kind === 'flaky') next = random() < next.failureRate ? next.failure : next.success
      else if (next.kind === 'delay') {
        const ms = next.ms
        await new Promise((resolve) => setTimeout(resolve, ms))
        if (res.destroyed || socket.destroyed) return
        next = next.answer
      } else if (next.kind === 'reset') {
        if (next.afterBytes === undefined) return void socket.destroy()
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('x'.repeat(next.afterBytes))
        res.once('drain', () => socket.destroy())
        setTimeout(() => socket.destroy(), 20)
        return
      } else return reply(res, route, next)
    }
  }

  function reply(res: ServerResponse, route: Route, answer: MockReply): void {
    const status = answer.status ?? route.definition.successStatus ?? (route.method === 'POST' ? 201 : 200)
    if (answer.raw !== undefined) {
      res.writeHead(status, answer.headers)
      return void res.end(answer.raw)
    }
    let data = answer.data
    if (!answer.hasData) {
      const generated = generate(route)
      if (!generated.ok) {
        sendJson(res, 500, { error: { status: 500, message: generated.error } })
        return
      }
      data = generated.value
    }
    if (data === undefined || status === 204 || status === 304) {
      res.writeHead(status, answer.headers)
      return void res.end()
    }
    res.writeHead(status, { 'content-type': 'application/json', ...answer.headers })
    res.end(JSON.stringify(data))
  }

  function generate(route: Route): Result<string, unknown> {
    const schema = route.definition.response
    if (!schema) return new Ok(undefined)
    if (!isSchema(schema)) {
      return new Err(
        `no data given for ${route.name}, and its response schema cannot generate samples (not a Kairo schema)`,
      )
    }
    const n = counters.get(route.name) ?? 0
    counters.set(route.name, n + 1)
    const made = sample(schema, { seed: `${options.seed ?? 1}:${route.name}:${n}` })
    return made.ok ? new Ok(made.value) : new Err(`cannot generate a ${route.name} response: ${made.error.message}`)
  }

  const listening = await new Promise<Result<KairoError, AddressInfo>>((resolve) => {
    server.once('error', (error) =>
      resolve(new Err(new UnavailableError('mock server', error.message, { code: 'MOCK_START_FAILED', cause: error }))),
    )
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () =>
      resolve(new Ok(server.address() as AddressInfo)),
    )
  })
  if (!listening.ok) return new Err(listening.error)
  const address = listening.value
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address

  return new Ok(
    Object.freeze({
      url: `http://${host}:${address.port}`,
      calls,
      callsTo: (operation: keyof Ops & string) => calls.filter((c) => c.operation === operation),
      use(next: MockScenarios<Ops>) {
        for (const [name, answer] of Object.entries(next) as [string, MockAnswer | undefined][]) {
          if (answer === undefined) current.delete(name)
          else current.set(name, answer)
        }
      },
      clearCalls: () => void calls.splice(0, calls.length),
      close: () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve())
          for (const socket of sockets) socket.destroy()
        }),
    }),
  )
}

const DEFAULT_ANSWER: MockAnswer = Object.freeze({ kind: 'reply', status: undefined, headers: {}, hasData: false })

function readRequest(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_REQUEST_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function decodeBody(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function parseQuery(search: string): Readonly<Record<string, string | string[]>> {
  const out: Record<string, string | string[]> = Object.create(null)
  for (const [key, value] of new URLSearchParams(search)) {
    const seen = out[key]
    out[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return Object.freeze(out)
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

/** mulberry32: a small seeded generator, so `respond.flaky` draws the same sequence for a seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
