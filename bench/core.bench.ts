import { randomUUID } from 'node:crypto'
import { Result, uuidv7 } from 'kairo'
import { benchGroup } from './harness.js'

/** Core building blocks: id generation and Result chaining, against the plain-JavaScript equivalents. */
export default async function coreBench(): Promise<void> {
  await benchGroup('time-ordered ids', [
    { name: 'crypto.randomUUID (v4, native)', fn: () => randomUUID(), baseline: true },
    { name: 'kairo uuidv7', fn: () => uuidv7() },
  ])

  const parse = (s: string): Result<string, number> => {
    const n = Number(s)
    return Number.isNaN(n) ? Result.Err('nan') : Result.Ok(n)
  }
  const parseThrowing = (s: string): number => {
    const n = Number(s)
    if (Number.isNaN(n)) throw new Error('nan')
    return n
  }
  await benchGroup('three chained fallible steps', [
    {
      name: 'plain functions + try/catch',
      baseline: true,
      fn: () => {
        try {
          return parseThrowing(String(parseThrowing(String(parseThrowing('41') + 1))))
        } catch {
          return -1
        }
      },
    },
    {
      name: 'kairo Result.flatMap',
      fn: () =>
        parse('41')
          .flatMap((n) => parse(String(n + 1)))
          .flatMap((n) => parse(String(n)))
          .unwrapOr(-1),
    },
  ])
}
