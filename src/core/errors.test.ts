import { describe, expect, it } from 'vitest'
import {
  CircuitOpenError,
  ConflictError,
  isCircuitOpenError,
  isConflictError,
  isNotFoundError,
  isTimeoutError,
  isUnavailableError,
  isValidationError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
  ValidationError,
} from './errors.js'
import { isKairoError, isRetryableError, KairoError } from './kairo-error.js'

describe('KairoError family', () => {
  it('carries code, retryable, details and cause, and serialises safely', () => {
    const cause = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', secret: 'password=1' })
    const e = new KairoError('PAYMENT_DECLINED', 'declined', { details: { reason: 'funds' }, cause })
    expect(e).toBeInstanceOf(Error)
    expect(e.name).toBe('KairoError')
    expect(e.toJSON()).toEqual({
      name: 'KairoError',
      code: 'PAYMENT_DECLINED',
      message: 'declined',
      retryable: false,
      details: { reason: 'funds' },
      cause: { name: 'Error', code: 'ECONNRESET', message: 'socket hang up' },
    })
    expect(JSON.stringify(e)).not.toContain('password')
  })

  it('has subclasses with stable codes and sensible retry defaults', () => {
    const cases: Array<[KairoError, string, boolean]> = [
      [
        new ValidationError([{ path: ['age'], code: 'too_small', message: 'must be >= 18' }]),
        'VALIDATION_FAILED',
        false,
      ],
      [new NotFoundError('user', 'u1'), 'NOT_FOUND', false],
      [new ConflictError('version moved', { expected: 2, actual: 3 }), 'CONFLICT', false],
      [new TimeoutError('charge', 5000), 'TIMEOUT', true],
      [new CircuitOpenError('payments', 30_000), 'CIRCUIT_OPEN', false],
      [new UnavailableError('redis', 'connection refused'), 'UNAVAILABLE', true],
    ]
    for (const [error, code, retryable] of cases) {
      expect(error.code).toBe(code)
      expect(error.retryable).toBe(retryable)
      expect(error.name).toBe(error.constructor.name)
    }
  })

  it('describes validation issues in the message and keeps them all', () => {
    const issues = Array.from({ length: 7 }, (_, i) => ({ path: ['items', i], code: 'bad', message: `bad ${i}` }))
    const e = new ValidationError(issues)
    expect(e.issues).toHaveLength(7)
    expect(e.message).toBe(
      'items.0: bad 0; items.1: bad 1; items.2: bad 2; items.3: bad 3; items.4: bad 4 (and 2 more)',
    )
    expect(e.toJSON().issues).toHaveLength(7)
  })

  it('keeps expected and actual versions on conflicts', () => {
    const e = new ConflictError('stream moved', { expected: 2, actual: 5 })
    expect([e.expected, e.actual]).toEqual([2, 5])
    expect(e.details).toEqual({ expected: 2, actual: 5 })
    expect(new ConflictError('dup', { code: 'UNIQUE_VIOLATION' }).code).toBe('UNIQUE_VIOLATION')
  })

  it('carries retryAfter on an open circuit', () => {
    expect(new CircuitOpenError('payments', 1234).retryAfter).toBe(1234)
  })

  it('guards recognise errors from another copy of the package (no instanceof)', () => {
    const foreign = { isKairoError: true, name: 'NotFoundError', code: 'NOT_FOUND', retryable: false }
    expect(isKairoError(foreign)).toBe(true)
    expect(isNotFoundError(foreign)).toBe(true)
    expect(isConflictError(foreign)).toBe(false)
    expect(isValidationError(new ValidationError([]))).toBe(true)
    expect(isTimeoutError(new TimeoutError('x', 1))).toBe(true)
    expect(isCircuitOpenError(new CircuitOpenError('x', 1))).toBe(true)
    expect(isUnavailableError(new UnavailableError('x', 'y'))).toBe(true)
    expect(isKairoError(new Error('plain'))).toBe(false)
  })

  it('treats unknown failures as retryable unless they say otherwise', () => {
    expect(isRetryableError(new Error('boom'))).toBe(true)
    expect(isRetryableError({ retryable: false })).toBe(false)
    expect(isRetryableError(new NotFoundError('x'))).toBe(false)
    expect(isRetryableError(new TimeoutError('x', 1))).toBe(true)
  })
})
