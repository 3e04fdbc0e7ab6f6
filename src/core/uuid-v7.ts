import { randomFillSync } from 'node:crypto'
import { type Clock, systemClock } from './clock.js'

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Makes UUID v7 strings; see {@link createUuidV7Generator}. */
export type IdGenerator = () => string

/**
 * Makes a generator of UUID v7 ids (RFC 9562): 48 bits of Unix milliseconds, then randomness.
 * Ids from one generator are strictly increasing, even within a millisecond or when the clock
 * steps back (a 12-bit counter takes over, then borrows the next millisecond), so they sort by
 * creation and index well as primary keys.
 *
 * @example
 * ```ts
 * import { createUuidV7Generator, ManualClock } from 'kairo'
 *
 * const nextId = createUuidV7Generator(new ManualClock(Date.UTC(2026, 0, 1)))
 * nextId() < nextId() // true
 * ```
 */
export function createUuidV7Generator(clock: Clock = systemClock): IdGenerator {
  let lastMs = -1
  let counter = 0
  const bytes = new Uint8Array(16)
  // Random bytes are drawn from the OS in blocks: one system call per 409 ids instead of per id.
  const pool = new Uint8Array(4096)
  let poolOffset = pool.length
  const fillRandom = () => {
    if (poolOffset + 10 > pool.length) {
      randomFillSync(pool)
      poolOffset = 0
    }
    bytes.set(pool.subarray(poolOffset, poolOffset + 10), 6)
    poolOffset += 10
  }
  return () => {
    const now = clock.now()
    fillRandom()
    if (now > lastMs) {
      lastMs = now
      counter = ((bytes[6] as number) & 0x07) * 256 + (bytes[7] as number) // start low: room to count
    } else {
      counter++
      if (counter > 0xfff) {
        lastMs++
        counter = 0
      }
    }
    let ms = lastMs
    for (let i = 5; i >= 0; i--) {
      bytes[i] = ms % 256
      ms = Math.floor(ms / 256)
    }
    bytes[6] = 0x70 | (counter >> 8)
    bytes[7] = counter & 0xff
    bytes[8] = 0x80 | ((bytes[8] as number) & 0x3f)
    let out = ''
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out += '-'
      out += HEX[bytes[i] as number]
    }
    return out
  }
}

/**
 * A new UUID v7 from the system clock, increasing within the process.
 *
 * @example
 * ```ts
 * import { uuidv7 } from 'kairo'
 * uuidv7() // '019a8f3c-5b2e-7c41-9d3a-…'
 * ```
 */
export const uuidv7: IdGenerator = createUuidV7Generator()

/** True when `value` is a UUID string of any version (8-4-4-4-12 hex digits). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value)
}

/** The creation time (Unix ms) encoded in a UUID v7, or `undefined` for other strings. */
export function uuidv7Timestamp(id: string): number | undefined {
  if (!isUuid(id) || id[14] !== '7') return undefined
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
}
