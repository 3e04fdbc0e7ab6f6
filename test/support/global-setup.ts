import { randomBytes } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { probeEngines } from './engine-probe.js'
import { engineUrls, underCI } from './engine-urls.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** For each engine: null when it answers, else why not. */
    engineProblems: Record<'postgres' | 'redis' | 'nats', string | null>
    /** A short id for this test run, used in database names and key prefixes. */
    testRunId: string
    /** A PGlite data directory dump that each test file loads instead of running initdb. */
    pgliteTemplatePath: string
  }
}

/**
 * Runs once per `vitest run`: checks the engines, prepares a PGlite template, and afterwards drops
 * the server databases this run created.
 */
export default async function setup(project: TestProject) {
  const runId = randomBytes(3).toString('hex')
  const problems = await probeEngines()
  for (const [engine, problem] of Object.entries(problems)) {
    if (problem === null) continue
    const url = engineUrls[engine as keyof typeof engineUrls]
    const banner = '!'.repeat(100)
    const verdict = underCI ? 'its suites FAIL (CI=true)' : 'its suites are SKIPPED'
    console.error(`\n${banner}\n!! ${engine} is unreachable at ${url}: ${problem}\n!! ${verdict}\n${banner}\n`)
  }
  project.provide('engineProblems', problems)
  project.provide('testRunId', runId)
  const templatePath = await preparePgliteTemplate(runId)
  project.provide('pgliteTemplatePath', templatePath)

  return async () => {
    await rm(templatePath, { force: true })
    if (problems.postgres === null) await dropRunDatabases(runId)
  }
}

async function preparePgliteTemplate(runId: string): Promise<string> {
  const { PGlite } = await import('@electric-sql/pglite')
  const dir = path.join(os.tmpdir(), 'kairo-test')
  await mkdir(dir, { recursive: true })
  const file = path.join(dir, `pglite-template-${runId}.tar`)
  const db = new PGlite()
  await db.waitReady
  const dump = await db.dumpDataDir('none')
  await writeFile(file, Buffer.from(await dump.arrayBuffer()))
  await db.close()
  return file
}

async function dropRunDatabases(runId: string): Promise<void> {
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: engineUrls.postgres })
  client.on('error', () => {})
  try {
    await client.connect()
    const r = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [
      `kairo_t_${runId}_%`,
    ])
    for (const { datname } of r.rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
  } finally {
    await client.end().catch(() => {})
  }
}
