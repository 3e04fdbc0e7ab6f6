import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ConflictError, isNotFoundError, isValidationError, NotFoundError, Result, UnavailableError } from '../index.js'
import { createCommandBus } from './command-bus.js'
import { defineCommand, defineQuery } from './define-message.js'
import { loggingMiddleware, type MessageLogEntry } from './logging-middleware.js'
import type { Middleware } from './message-middleware.js'
import { createQueryBus } from './query-bus.js'

const PlaceOrder = defineCommand('PlaceOrder', z.object({ orderId: z.string().min(1), total: z.number().positive() }))
const CancelOrder = defineCommand('CancelOrder', z.object({ orderId: z.string() }))
const GetOrder = defineQuery('GetOrder', z.object({ orderId: z.string() }))

describe('command bus', () => {
  it('routes by type to typed handlers after validating the payload', async () => {
    const calls: unknown[] = []
    const bus = createCommandBus()
      .register(PlaceOrder, async (cmd, context) => {
        calls.push([cmd, context.type])
        return Result.Ok({ placed: cmd.orderId })
      })
      .register(CancelOrder, () => Result.Err(new ConflictError('already shipped')))
    const placed = await bus.execute('PlaceOrder', { orderId: 'o1', total: 5 })
    expect(placed.unwrap().placed).toBe('o1')
    expect(calls).toEqual([[{ orderId: 'o1', total: 5 }, 'PlaceOrder']])
    const invalid = await bus.execute(PlaceOrder, { orderId: '', total: -1 })
    expect(invalid.ok ? undefined : isValidationError(invalid.error)).toBe(true)
    expect(!invalid.ok && isValidationError(invalid.error) ? invalid.error.issues : []).toHaveLength(2)
    expect(calls).toHaveLength(1)
    const refused = await bus.execute('CancelOrder', { orderId: 'o1' })
    expect(refused.ok ? undefined : refused.error.message).toBe('already shipped')
    const unknown = await (
      bus as unknown as { execute(t: string, p: unknown): Promise<Result<unknown, unknown>> }
    ).execute('Nope', {})
    expect(unknown.ok ? undefined : isNotFoundError(unknown.error)).toBe(true)
    expect(bus.types).toEqual(['PlaceOrder', 'CancelOrder'])
    expect(() => bus.register(PlaceOrder, () => Result.Ok(1))).toThrow(TypeError)
    expect(() => createCommandBus().register(GetOrder, () => Result.Ok(1))).toThrow(TypeError)
  })

  it('runs middleware around handlers in order, and a middleware can stop a command', async () => {
    const trail: string[] = []
    const mark =
      (name: string): Middleware =>
      async (message, next) => {
        trail.push(`${name}>${message.type}`)
        const r = await next()
        trail.push(`<${name}`)
        return r
      }
    const deny: Middleware = async (message, next) =>
      message.metadata.user === 'mallory' ? Result.Err(new ConflictError('forbidden')) : next()
    const logs: MessageLogEntry[] = []
    const bus = createCommandBus({ middleware: [mark('a'), loggingMiddleware({ log: (e) => logs.push(e) })] })
      .use(mark('b'), deny)
      .register(PlaceOrder, async () => {
        trail.push('handler')
        return Result.Ok('ok')
      })
    ;(await bus.execute('PlaceOrder', { orderId: 'o', total: 1 })).unwrap()
    expect(trail).toEqual(['a>PlaceOrder', 'b>PlaceOrder', 'handler', '<b', '<a'])
    const denied = await bus.execute('PlaceOrder', { orderId: 'o', total: 1 }, { metadata: { user: 'mallory' } })
    expect(denied.ok ? undefined : denied.error.message).toBe('forbidden')
    expect(logs.map((l) => [l.type, l.ok, l.errorCode])).toEqual([
      ['PlaceOrder', true, undefined],
      ['PlaceOrder', false, 'CONFLICT'],
    ])
  })

  it('executes a command with an id once: a repeat returns the stored outcome', async () => {
    let runs = 0
    const bus = createCommandBus()
      .register(PlaceOrder, async (cmd) => {
        runs++
        return Result.Ok({ orderId: cmd.orderId, run: runs })
      })
      .register(CancelOrder, async () => {
        runs++
        return Result.Err(new NotFoundError('order', 'x'))
      })
    const first = (await bus.execute('PlaceOrder', { orderId: 'o1', total: 1 }, { id: 'req-1' })).unwrap()
    const again = (await bus.execute('PlaceOrder', { orderId: 'o1', total: 1 }, { id: 'req-1' })).unwrap()
    expect(again).toEqual(first)
    expect(runs).toBe(1)
    ;(await bus.execute('PlaceOrder', { orderId: 'o1', total: 1 })).unwrap()
    ;(await bus.execute('PlaceOrder', { orderId: 'o1', total: 1 })).unwrap()
    expect(runs).toBe(3) // without an id, no idempotency
    const failed = await bus.execute('CancelOrder', { orderId: 'x' }, { id: 'req-2' })
    const repeated = await bus.execute('CancelOrder', { orderId: 'x' }, { id: 'req-2' })
    expect(runs).toBe(4)
    expect(repeated.ok ? undefined : isNotFoundError(repeated.error)).toBe(true)
    expect(repeated.ok ? undefined : repeated.error.message).toBe(failed.ok ? '' : failed.error.message)
  })

  it('runs a command again after a retryable failure, and refuses a duplicate while the first still runs', async () => {
    let attempts = 0
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => {
      release = r
    })
    const bus = createCommandBus().register(PlaceOrder, async () => {
      attempts++
      if (attempts === 1) return Result.Err(new UnavailableError('payments', 'down'))
      await gate
      return Result.Ok('placed')
    })
    const down = await bus.execute('PlaceOrder', { orderId: 'o', total: 1 }, { id: 'r' })
    expect(down.ok ? undefined : down.error.code).toBe('UNAVAILABLE')
    const running = bus.execute('PlaceOrder', { orderId: 'o', total: 1 }, { id: 'r' })
    await new Promise((r) => setTimeout(r, 5))
    const duplicate = await bus.execute('PlaceOrder', { orderId: 'o', total: 1 }, { id: 'r' })
    expect(duplicate.ok ? undefined : duplicate.error).toMatchObject({ code: 'COMMAND_IN_PROGRESS', retryable: true })
    release()
    expect((await running).unwrap()).toBe('placed')
    expect(attempts).toBe(2)
  })
})

describe('query bus', () => {
  it('validates parameters and routes to typed handlers', async () => {
    const queries = createQueryBus().register(GetOrder, async ({ orderId }) => Result.Ok({ orderId, status: 'placed' }))
    const found = (await queries.execute('GetOrder', { orderId: 'o1' })).unwrap()
    expect(found.status).toBe('placed')
    const bad = await queries.execute('GetOrder', { orderId: 5 as unknown as string })
    expect(bad.ok ? undefined : isValidationError(bad.error)).toBe(true)
    const thrown = await createQueryBus()
      .register(GetOrder, () => {
        throw new Error('boom')
      })
      .execute('GetOrder', { orderId: 'x' })
    expect(thrown.ok ? undefined : thrown.error.code).toBe('HANDLER_FAILED')
  })
})
