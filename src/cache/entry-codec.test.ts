import { describe, expect, it } from 'vitest'
import type { CacheEntry } from './cache-entry.js'
import { EntryCodec } from './entry-codec.js'
import { jsonSerializer } from './json-serializer.js'

const entry = (value: unknown): CacheEntry => ({
  value,
  expiresAt: 1000,
  staleUntil: Number.POSITIVE_INFINITY,
  tags: ['t'],
  dependencies: ['d'],
})

describe('EntryCodec', () => {
  it('compresses entries at or above the threshold only, and reads both back', () => {
    const codec = new EntryCodec(jsonSerializer, { threshold: 200 })
    const small = codec.encode(entry('x'))
    const large = codec.encode(entry('y'.repeat(5000)))
    expect(small[0]).toBe(0)
    expect(large[0]).toBe(1)
    expect(large.length).toBeLessThan(500)
    expect(codec.decode(small)).toEqual(entry('x'))
    expect(codec.decode(large)).toEqual(entry('y'.repeat(5000)))
  })

  it('reads compressed entries without being configured for compression', () => {
    const writer = new EntryCodec(jsonSerializer, { threshold: 10 })
    const reader = new EntryCodec(jsonSerializer, false)
    expect(reader.decode(writer.encode(entry('z'.repeat(100))))).toEqual(entry('z'.repeat(100)))
  })

  it('rejects bytes that are not an encoded entry', () => {
    const codec = new EntryCodec(jsonSerializer)
    expect(() => codec.decode(Buffer.from('{"not":"an entry"}'))).toThrow(TypeError)
    expect(() => codec.decode(Buffer.concat([Buffer.of(0), Buffer.from('[1,2]')]))).toThrow(TypeError)
  })
})
