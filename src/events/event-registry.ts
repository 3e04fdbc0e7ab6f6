import { ValidationError } from '../core/errors.js'
import { Err, Ok, type Result } from '../core/result.js'
import { validateStandard, validateStandardSync } from '../core/standard-schema.js'
import type { EventDefinition } from './define-event.js'
import type { NewEvent, StoredEvent } from './event.js'

/** A new event after validation: the payload is the schema's output and the schema version is set. */
export interface PreparedEvent extends NewEvent {
  readonly schemaVersion: number
}

/**
 * The event definitions a store knows: validates payloads on append and upcasts old payloads on
 * read. Event types without a definition pass through unchanged.
 * @internal
 */
export class EventRegistry {
  readonly #definitions = new Map<string, EventDefinition>()

  constructor(definitions: readonly EventDefinition[] = []) {
    for (const definition of definitions) {
      if (this.#definitions.has(definition.type)) {
        throw new TypeError(`event type ${definition.type} is defined twice`)
      }
      this.#definitions.set(definition.type, definition)
    }
  }

  /** Validates every event (all of them, so every problem is reported) before anything is stored. */
  async prepare(events: readonly NewEvent[]): Promise<Result<ValidationError, PreparedEvent[]>> {
    const prepared: PreparedEvent[] = []
    for (const [index, event] of events.entries()) {
      if (typeof event?.type !== 'string' || event.type.length === 0 || typeof event.id !== 'string') {
        return new Err(
          new ValidationError([
            { path: [index], code: 'invalid_event', message: 'an event needs a string id and a non-empty type' },
          ]),
        )
      }
      const definition = this.#definitions.get(event.type)
      if (!definition) {
        prepared.push({ ...event, schemaVersion: event.schemaVersion ?? 1 })
        continue
      }
      const valid = await validateStandard(definition.schema, event.payload)
      if (!valid.ok) return new Err(withEventContext(valid.error, event.type, index))
      prepared.push({ ...event, payload: valid.value, schemaVersion: definition.version })
    }
    return new Ok(prepared)
  }

  /** True when reading events of this type may need an upcast. */
  get upcasts(): boolean {
    for (const d of this.#definitions.values()) if (d.version > 1) return true
    return false
  }

  /** Brings a stored payload up to the current schema version. */
  upgrade<E extends StoredEvent>(event: E): Result<ValidationError, E> {
    const definition = this.#definitions.get(event.type)
    if (!definition || event.schemaVersion >= definition.version) return new Ok(event)
    const raw = definition.upcast ? definition.upcast(event.payload, event.schemaVersion) : event.payload
    const valid = validateStandardSync(definition.schema, raw)
    if (!valid.ok) return new Err(withEventContext(valid.error, event.type, event.version))
    return new Ok({ ...event, payload: valid.value, schemaVersion: definition.version })
  }

  /** Upgrades a list, stopping at the first invalid payload. */
  upgradeAll<E extends StoredEvent>(events: E[]): Result<ValidationError, E[]> {
    if (this.#definitions.size === 0 || !this.upcasts) return new Ok(events)
    for (let i = 0; i < events.length; i++) {
      const upgraded = this.upgrade(events[i] as E)
      if (!upgraded.ok) return new Err(upgraded.error)
      events[i] = upgraded.value
    }
    return new Ok(events)
  }
}

function withEventContext(error: ValidationError, type: string, at: number): ValidationError {
  return new ValidationError(error.issues, {
    message: `event ${type} (#${at}): ${error.message}`,
    details: { ...error.details, eventType: type, at },
  })
}
