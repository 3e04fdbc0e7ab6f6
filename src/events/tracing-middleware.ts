import { withSpan } from '../core/telemetry.js'
import type { Middleware } from './message-middleware.js'

/**
 * Runs each command or query in an OpenTelemetry span `command <Type>` / `query <Type>` with its id;
 * an `Err` marks the span failed. On by default in both buses.
 *
 * @example
 * ```ts
 * const bus = createCommandBus({ middleware: [tracingMiddleware()] })
 * ```
 */
export function tracingMiddleware(): Middleware {
  return function tracing(message, next) {
    return withSpan(
      `${message.kind} ${message.type}`,
      { 'kairo.message.kind': message.kind, 'kairo.message.type': message.type, 'kairo.message.id': message.id },
      () => next(),
    )
  }
}
