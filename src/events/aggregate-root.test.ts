import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { applyMethodName } from './aggregate-root.js'
import { defineEvent } from './define-event.js'
import { EventRegistry } from './event-registry.js'

describe('apply method names', () => {
  it('maps event types to apply<EventType>', () => {
    expect(applyMethodName('UserCreated')).toBe('applyUserCreated')
    expect(applyMethodName('user.created')).toBe('applyUserCreated')
    expect(applyMethodName('order-line_added')).toBe('applyOrderLineAdded')
  })
})

describe('event registry', () => {
  const V2 = defineEvent('Moved', z.object({ to: z.string(), floor: z.number() }), {
    version: 2,
    upcast: (old, from) => (from === 1 ? { ...(old as object), floor: 0 } : old),
  })
  const stored = (payload: unknown, schemaVersion: number) => ({
    id: 'e1',
    type: 'Moved',
    streamId: 's',
    version: 1,
    position: 1n,
    payload,
    metadata: {},
    occurredAt: new Date(0),
    schemaVersion,
  })

  it('upcasts an old payload and validates the result; current payloads pass untouched', () => {
    const registry = new EventRegistry([V2])
    expect(registry.upgrade(stored({ to: 'Paris' }, 1)).unwrap()).toMatchObject({
      payload: { to: 'Paris', floor: 0 },
      schemaVersion: 2,
    })
    const current = stored({ to: 'Rome', floor: 3 }, 2)
    expect(registry.upgrade(current).unwrap()).toBe(current)
    const broken = registry.upgrade(stored({ nowhere: true }, 1))
    expect(broken.ok ? undefined : broken.error.code).toBe('VALIDATION_FAILED')
  })

  it('refuses two definitions of one type', () => {
    expect(() => new EventRegistry([V2, V2])).toThrow(TypeError)
  })
})
