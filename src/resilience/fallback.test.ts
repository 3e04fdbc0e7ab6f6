import { describe, expect, it } from 'vitest'
import { NotFoundError, TimeoutError } from '../core/errors.js'
import { Result } from '../core/result.js'
import { fallback } from './fallback.js'

describe('fallback', () => {
  it('replaces any failure with a constant, and passes successes through', async () => {
    const policy = fallback({ standard: 4.9 })
    expect(await policy.execute(() => Result.Err(new TimeoutError('rates', 10)))).toEqual(Result.Ok({ standard: 4.9 }))
    expect(await policy.execute(async () => ({ standard: 1 }))).toEqual(Result.Ok({ standard: 1 }))
    expect(
      await policy.execute(() => {
        throw new Error('x')
      }),
    ).toEqual(Result.Ok({ standard: 4.9 }))
  })

  it('computes the replacement from the error, and reports each use', async () => {
    const used: unknown[] = []
    const policy = fallback(async (error) => `guest (${(error as { code: string }).code})`, {
      onFallback: (e) => used.push(e),
    })
    expect(await policy.execute(() => Result.Err(new NotFoundError('user')))).toEqual(Result.Ok('guest (NOT_FOUND)'))
    expect(used).toHaveLength(1)
  })

  it('falls back only for the errors `when` selects', async () => {
    const policy = fallback('cached', { when: (e) => (e as { code?: string }).code === 'TIMEOUT' })
    expect(await policy.execute(() => Result.Err(new TimeoutError('x', 1)))).toEqual(Result.Ok('cached'))
    const notFound = await policy.execute(() => Result.Err(new NotFoundError('user')))
    expect(!notFound.ok && notFound.error.code).toBe('NOT_FOUND')
  })

  it('reports a fallback that throws as ThrownError, never as a rejection', async () => {
    const r = await fallback(() => {
      throw new Error('fallback broke')
    }).execute(() => Result.Err('first'))
    expect(!r.ok && r.error.code).toBe('THROWN')
  })
})
