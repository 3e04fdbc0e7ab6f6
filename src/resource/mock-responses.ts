import { STATUS_CODES } from 'node:http'

/** A request a mock server received. */
export interface MockCall {
  /** The operation it matched, or `undefined` (answered 404). */
  readonly operation: string | undefined
  readonly method: string
  /** The raw path as it arrived (still percent-encoded), without the query. */
  readonly path: string
  /** The raw request target: path and query. */
  readonly target: string
  /** Path parameters, decoded. */
  readonly params: Readonly<Record<string, string>>
  /** Query parameters (repeated keys become arrays). */
  readonly query: Readonly<Record<string, string | string[]>>
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  /** The body: parsed JSON when it parses, else the text; `undefined` when empty. */
  readonly body: unknown
  /** When it arrived (ms since the epoch). */
  readonly at: number
}

/** A reply with a status, headers and a body (`data`, generated from the response schema when absent). */
export interface MockReply {
  readonly kind: 'reply'
  readonly status: number | undefined
  readonly headers: Readonly<Record<string, string>>
  /** `undefined` means: generate from the operation's response schema. */
  readonly data?: unknown
  readonly hasData: boolean
  /** Exact body text (sent as is, no JSON encoding). */
  readonly raw?: string
}

/** Every kind of answer a mock can give. */
export type MockAnswer =
  | MockReply
  | { readonly kind: 'reset'; readonly afterBytes: number | undefined }
  | { readonly kind: 'delay'; readonly ms: number; readonly answer: MockAnswer }
  | { readonly kind: 'sequence'; readonly answers: readonly MockAnswer[]; readonly cycle: boolean }
  | { readonly kind: 'flaky'; readonly failureRate: number; readonly failure: MockAnswer; readonly success: MockAnswer }
  | ((call: MockCall) => MockAnswer)

/** Options of a reply. */
export interface ReplyOptions {
  readonly status?: number
  readonly headers?: Readonly<Record<string, string>>
  /** Waits this many ms before answering. */
  readonly delayMs?: number
}

function withDelay(answer: MockAnswer, delayMs: number | undefined): MockAnswer {
  return delayMs === undefined || delayMs <= 0 ? answer : Object.freeze({ kind: 'delay', ms: delayMs, answer })
}

/**
 * Answers for `resource.mock(scenarios)`, one per operation (or a function of the request).
 *
 * @example
 * ```ts
 * import { respond } from 'kairo/resource'
 *
 * const server = (await UserAPI.mock({
 *   get: respond.sequence([respond.error(503), respond.ok({ id, name: 'Ada' })]),
 *   list: respond.ok(), // data generated from the response schema (Kairo schemas)
 *   create: respond.flaky(0.2, respond.error(500)), // 20 % failures, seeded
 *   remove: (call) => (call.params.id === 'locked' ? respond.error(409) : respond.ok(undefined, { status: 204 })),
 * })).unwrap()
 * ```
 */
export const respond = Object.freeze({
  /** A success (status 200, 201 for POST, or the operation's `successStatus`) with `data`, or with data generated from the response schema when `data` is left out. */
  ok(...args: [data?: unknown, options?: ReplyOptions]): MockAnswer {
    const [data, options = {}] = args
    const hasData = args.length > 0 && data !== undefined
    const reply: MockReply = Object.freeze({
      kind: 'reply',
      status: options.status,
      headers: Object.freeze({ ...options.headers }),
      hasData,
      ...(hasData ? { data } : {}),
    })
    return withDelay(reply, options.delayMs)
  },
  /** A failure with `status` and a JSON body (by default `{ error: { status, message } }`). */
  error(status: number, body?: unknown, options: Omit<ReplyOptions, 'status'> = {}): MockAnswer {
    const data = body === undefined ? { error: { status, message: STATUS_CODES[status] ?? 'error' } } : body
    const reply: MockReply = Object.freeze({
      kind: 'reply',
      status,
      headers: Object.freeze({ ...options.headers }),
      hasData: true,
      data,
    })
    return withDelay(reply, options.delayMs)
  },
  /** A body sent exactly as given (malformed JSON, say), `application/json` unless headers say otherwise. */
  raw(body: string, options: ReplyOptions = {}): MockAnswer {
    const reply: MockReply = Object.freeze({
      kind: 'reply',
      status: options.status,
      headers: Object.freeze({ 'content-type': 'application/json', ...options.headers }),
      hasData: true,
      raw: body,
    })
    return withDelay(reply, options.delayMs)
  },
  /** Destroys the connection: at once, or after sending the headers and `afterBytes` bytes of a body. */
  reset(options: { afterBytes?: number } = {}): MockAnswer {
    return Object.freeze({ kind: 'reset', afterBytes: options.afterBytes })
  },
  /** `answer`, after `ms` milliseconds. */
  delay(ms: number, answer: MockAnswer = respond.ok()): MockAnswer {
    return Object.freeze({ kind: 'delay', ms, answer })
  },
  /** The answers in turn; after the last, the last again, or from the start with `{ cycle: true }`. */
  sequence(answers: readonly MockAnswer[], options: { cycle?: boolean } = {}): MockAnswer {
    if (answers.length === 0) throw new RangeError('respond.sequence needs at least one answer')
    return Object.freeze({ kind: 'sequence', answers: Object.freeze([...answers]), cycle: options.cycle === true })
  },
  /** `failure` with probability `failureRate` (drawn from the server's seeded generator), else `success`. */
  flaky(failureRate: number, failure: MockAnswer = respond.error(503), success: MockAnswer = respond.ok()): MockAnswer {
    if (!(failureRate >= 0 && failureRate <= 1))
      throw new RangeError('respond.flaky: failureRate must be within 0 and 1')
    return Object.freeze({ kind: 'flaky', failureRate, failure, success })
  },
})
