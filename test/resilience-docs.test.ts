import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from './support/child-process.js'
import { requireEngine } from './support/require-engine.js'

/**
 * Every ```ts block of docs/resilience.md (except those marked `ts no-run`) runs as a module of its
 * own, importing `kairo/*` as a user would, so the documented examples stay runnable.
 */
const doc = await readFile(path.join(repoRoot, 'docs/resilience.md'), 'utf8')
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
const dir = path.join(repoRoot, 'test', `.doc-examples-${process.pid}`)

describe('docs/resilience.md examples', () => {
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10)
  })

  for (const [i, code] of blocks.entries()) {
    const title = code.split('\n').find((l) => l.includes('(') && !l.startsWith('import')) ?? `block ${i}`
    const needsRedis = code.includes("from 'ioredis'")
    it.runIf(!needsRedis || requireEngine('redis'))(`runs example ${i + 1}: ${title.trim().slice(0, 60)}`, async () => {
      await mkdir(dir, { recursive: true })
      const file = path.join(dir, `example-${i}.ts`)
      await writeFile(file, `${code}\nexport {}\n`)
      const log = console.log
      const printed: unknown[][] = []
      console.log = (...args: unknown[]) => printed.push(args)
      try {
        await import(file)
      } finally {
        console.log = log
      }
      expect(printed.length).toBeGreaterThan(0)
      expect(printed.flat().some((v) => v === undefined)).toBe(false)
    })
  }
})
