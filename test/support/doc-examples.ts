import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from './child-process.js'
import { requireEngine } from './require-engine.js'

/**
 * Runs every ```ts block of a page in `docs/` (except those marked `ts no-run`) as a module of its
 * own, importing `kairo/*` as a user would, so the documented examples stay runnable. Each block
 * must print something, and nothing it prints may be `undefined`. Blocks that import `ioredis`
 * run only when Redis answers.
 */
export async function describeDocExamples(page: string, minimumBlocks: number): Promise<void> {
  const doc = await readFile(path.join(repoRoot, 'docs', page), 'utf8')
  const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!)
  const dir = path.join(repoRoot, 'test', `.doc-examples-${path.basename(page, '.md')}-${process.pid}`)

  describe(`docs/${page} examples`, () => {
    afterAll(() => rm(dir, { recursive: true, force: true }))

    it('has examples', () => {
      expect(blocks.length).toBeGreaterThanOrEqual(minimumBlocks)
    })

    for (const [i, code] of blocks.entries()) {
      const title = code.split('\n').find((l) => l.includes('(') && !l.startsWith('import')) ?? `block ${i}`
      const needsRedis = code.includes("from 'ioredis'")
      it.runIf(!needsRedis || requireEngine('redis'))(
        `runs example ${i + 1}: ${title.trim().slice(0, 60)}`,
        async () => {
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
        },
      )
    }
  })
}
