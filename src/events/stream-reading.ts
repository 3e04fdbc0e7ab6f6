import type { KairoError } from '../core/kairo-error.js'
import { Err, Ok, Result } from '../core/result.js'
import type { AnyStoredEvent } from './event.js'
import type {
  AggregatedStream,
  AggregateStreamOptions,
  EventStore,
  ReadStreamOptions,
  ReplayHandlerResult,
} from './event-store.js'

const PAGE = 5000

type ReadStream = (streamId: string, options: ReadStreamOptions) => Promise<Result<KairoError, AnyStoredEvent[]>>

/** Folds a stream page by page. Shared by every store. @internal */
export async function aggregateStreamWith<State, E extends AnyStoredEvent>(
  readStream: ReadStream,
  streamId: string,
  options: AggregateStreamOptions<State, E>,
): Promise<Result<KairoError, AggregatedStream<State>>> {
  let state = options.from ? options.from.state : options.initialState()
  let version = options.from?.version ?? 0
  for (;;) {
    const page = await readStream(streamId, { from: version + 1, limit: PAGE })
    if (!page.ok) return new Err(page.error)
    for (const event of page.value) {
      state = options.evolve(state, event as E)
      version = event.version
    }
    if (page.value.length < PAGE) break
  }
  return new Ok({ state, version, exists: version > 0 })
}

/** Calls `handler` with each event of a stream, stopping at the first `Err`. @internal */
export async function replayWith<E extends AnyStoredEvent>(
  readStream: ReadStream,
  streamId: string,
  handler: (event: E) => Promise<ReplayHandlerResult> | ReplayHandlerResult,
): Promise<Result<unknown, number>> {
  let version = 0
  let count = 0
  for (;;) {
    const page = await readStream(streamId, { from: version + 1, limit: PAGE })
    if (!page.ok) return new Err(page.error)
    for (const event of page.value) {
      const outcome = await handler(event as E)
      if (Result.isResult(outcome) && !outcome.ok) return new Err(outcome.error)
      version = event.version
      count++
    }
    if (page.value.length < PAGE) return new Ok(count)
  }
}

/** Reads the global log as a plain list. @internal */
export async function readAllWith<E extends AnyStoredEvent>(
  store: Pick<EventStore, 'readAllPage'>,
  options: Parameters<EventStore['readAll']>[0],
): Promise<Result<KairoError, E[]>> {
  const page = await store.readAllPage(options)
  return page.ok ? new Ok(page.value.events as E[]) : (page as Result<KairoError, never>)
}
