import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { pglite } from '../src/adapters/postgres/index.js'

describe('pglite({ dataDir })', () => {
  let dir: string
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('keeps committed data across close and reopen', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kairo-pglite-'))
    const first = pglite({ dataDir: dir })
    ;(await first.exec('create table kept (v text)')).unwrap()
    ;(await first.transaction(async (tx) => tx.query("insert into kept values ('survives')"))).unwrap()
    await first.close()

    const reopened = pglite({ dataDir: dir })
    expect((await reopened.query('select v from kept')).unwrap().rows).toEqual([{ v: 'survives' }])
    await reopened.close()
  })
})
