import type { KairoError } from '../core/kairo-error.js'
import type { Result } from '../core/result.js'
import type { AnyStoredEvent, NewEvent, StoredEvent } from './event.js'

/** The new-event form of a stored event type (a union stays a union). */
export type NewEventOf<E extends AnyStoredEvent> = E extends StoredEvent<infer T, infer P> ? NewEvent<T, P> : never

/** What `decide` returns: the events to append (none is fine), or an error that rejects the command. */
export type Decision<E extends AnyStoredEvent, Err extends KairoError = KairoError> =
  | ReadonlyArray<NewEventOf<E>>
  | Result<Err, ReadonlyArray<NewEventOf<E>>>

/**
 * Domain logic as three pure functions: the state before any event, how an event changes the
 * state, and which events a command produces in a state. Time and ids come in with the command.
 *
 * @example
 * ```ts
 * const counter: Decider<{ type: 'Add'; n: number }, number, EventOf<typeof Added>> = {
 *   initialState: () => 0,
 *   evolve: (sum, event) => sum + event.payload.n,
 *   decide: (command, sum) => (sum + command.n > 100 ? Result.Err(new ConflictError('too big')) : [Added.create({ n: command.n })]),
 * }
 * ```
 */
export interface Decider<Command, State, E extends AnyStoredEvent, Err extends KairoError = KairoError> {
  readonly initialState: () => State
  readonly evolve: (state: State, event: E) => State
  readonly decide: (command: Command, state: State) => Decision<E, Err>
}
