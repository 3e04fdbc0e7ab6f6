import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { richValueOf } from '../../../test/contracts/rich-value-arbitrary.js'
import { spawnScript } from '../../../test/support/child-process.js'
import { msgpackSerializer } from './msgpack-serializer.js'

describe('msgpackSerializer', () => {
  const serializer = msgpackSerializer()

  it('brings back any mix of JSON, Date, BigInt, Map, Set, bytes, undefined and special numbers (but -0)', () => {
    fc.assert(
      fc.property(richValueOf({ negativeZero: false }), (value) => {
        expect(serializer.decode(serializer.encode(value))).toEqual(value)
      }),
      { numRuns: 500 },
    )
  })

  it('brings -0 back as 0 (MessagePack integers have no sign of zero)', () => {
    expect(Object.is(serializer.decode(serializer.encode(-0)), 0)).toBe(true)
  })

  it('decodes in another instance what one instance encoded (records are self-describing)', () => {
    const a = msgpackSerializer()
    a.encode({ x: 1, y: 2 })
    const second = a.encode({ x: 3, y: 4 })
    expect(msgpackSerializer().decode(second)).toEqual({ x: 3, y: 4 })
  })

  it('works in pure JavaScript when the native addon is absent', async () => {
    const child = spawnScript('test/fixtures/msgpack-round-trip.ts', { MSGPACKR_NATIVE_ACCELERATION_DISABLED: 'true' })
    const [line] = await child.waitForLine(/\{.*\}/)
    expect(JSON.parse(line)).toEqual({ native: false, same: true })
    expect(await child.exited()).toBe(0)
  })
})
