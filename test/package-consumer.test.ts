import { execFile } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from './support/child-process.js'

const run = promisify(execFile)

/**
 * Builds the package the way `npm run build` does (into a temporary folder, so concurrent runs do
 * not collide) and uses it from another folder that depends on it, as a user's project would.
 */
describe('the built package, used from another project', () => {
  let work: string
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('imports from `kairo` and `kairo/postgres` at run time and type-checks against the declarations', async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'kairo-consumer-'))
    const pkgDir = path.join(work, 'kairo')
    await mkdir(pkgDir)
    await cp(path.join(repoRoot, 'package.json'), path.join(pkgDir, 'package.json'))
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc')
    await run(process.execPath, [
      tsc,
      '-p',
      path.join(repoRoot, 'tsconfig.build.json'),
      '--outDir',
      path.join(pkgDir, 'dist'),
    ])
    // The package's own dependencies (pg, PGlite, @opentelemetry/api) resolve from the repository.
    await symlink(path.join(repoRoot, 'node_modules'), path.join(pkgDir, 'node_modules'), 'dir')

    const app = path.join(work, 'app')
    await mkdir(path.join(app, 'node_modules'), { recursive: true })
    await symlink(pkgDir, path.join(app, 'node_modules/kairo'), 'dir')
    await writeFile(
      path.join(app, 'package.json'),
      JSON.stringify({ type: 'module', dependencies: { kairo: 'file:../kairo' } }),
    )
    await writeFile(
      path.join(app, 'main.ts'),
      `import { Result, NotFoundError, uuidv7, type Brand } from 'kairo'
import { pglite, type Database } from 'kairo/postgres'
type OrderId = Brand<string, 'OrderId'>
const r: Result<NotFoundError, number> = Result.Ok(41).map((n) => n + 1)
const id = uuidv7()
const make: (o?: { dataDir?: string }) => Database = pglite
console.log(JSON.stringify({ value: r.unwrapOr(0), idLength: id.length, factory: typeof make }))
`,
    )
    await writeFile(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          outDir: 'out',
          types: [],
        },
        include: ['main.ts'],
      }),
    )
    await run(process.execPath, [tsc, '-p', path.join(app, 'tsconfig.json')], { cwd: app })
    const { stdout } = await run(process.execPath, [path.join(app, 'out/main.js')], { cwd: app })
    expect(JSON.parse(stdout)).toEqual({ value: 42, idLength: 36, factory: 'function' })

    // Every subpath the package exports loads from the build, with a non-empty public surface.
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>
    }
    const subpaths = Object.keys(pkg.exports)
      .filter((s) => s !== './package.json')
      .map((s) => s.replace(/^\./, 'kairo'))
    await writeFile(
      path.join(app, 'all.mjs'),
      `const names = ${JSON.stringify(subpaths)}\nconst out = {}\nfor (const n of names) out[n] = Object.keys(await import(n)).length\nconsole.log(JSON.stringify(out))\n`,
    )
    const loaded = JSON.parse(
      (await run(process.execPath, [path.join(app, 'all.mjs')], { cwd: app })).stdout,
    ) as Record<string, number>
    expect(Object.keys(loaded).sort()).toEqual([...subpaths].sort())
    for (const [name, count] of Object.entries(loaded)) expect(count, name).toBeGreaterThan(0)

    // A type error in the consumer is caught by the shipped declarations.
    await writeFile(
      path.join(app, 'main.ts'),
      `import { Result } from 'kairo'\nconst n: number = Result.Ok('text').unwrap()\n`,
    )
    await expect(
      run(process.execPath, [tsc, '-p', path.join(app, 'tsconfig.json')], { cwd: app }),
    ).rejects.toMatchObject({
      stdout: expect.stringContaining("Type 'string' is not assignable to type 'number'"),
    })
  }, 120_000)
})
