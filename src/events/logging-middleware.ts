import type { Middleware } from './message-middleware.js'

/** One log entry per handled command or query. */
export interface MessageLogEntry {
  readonly kind: 'command' | 'query'
  readonly type: string
  readonly id: string
  readonly ok: boolean
  readonly durationMs: number
  readonly errorCode?: string
}

/**
 * Logs each command or query with its outcome and duration (never its payload, which may hold
 * personal data).
 *
 * @example
 * ```ts
 * const bus = createCommandBus({ middleware: [loggingMiddleware({ log: (entry) => logger.info(entry) })] })
 * ```
 */
export function loggingMiddleware(options: { log?: (entry: MessageLogEntry) => void } = {}): Middleware {
  const log = options.log ?? ((entry: MessageLogEntry) => console.info(JSON.stringify(entry)))
  return async function logging(message, next) {
    const started = performance.now()
    const result = await next()
    log({
      kind: message.kind,
      type: message.type,
      id: message.id,
      ok: result.ok,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(result.ok ? {} : { errorCode: result.error.code }),
    })
    return result
  }
}
