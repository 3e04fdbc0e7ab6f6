/** The shop's settings, from the environment. */
export interface ShopConfig {
  /** `PORT`, default 3000; 0 picks a free port. */
  port: number
  /** `KAIRO_PG_URL`: a PostgreSQL server; unset means embedded PGlite. */
  postgresUrl: string | undefined
  /** `KAIRO_DATA_DIR`: where PGlite keeps its data; unset means in memory. */
  dataDir: string | undefined
}

/** Reads the configuration, or explains in one line what is wrong with it. */
export function readConfig(env: NodeJS.ProcessEnv): { ok: true; config: ShopConfig } | { ok: false; problem: string } {
  const rawPort = env.PORT ?? '3000'
  const port = Number(rawPort)
  if (!/^\d+$/.test(rawPort) || port > 65535) {
    return { ok: false, problem: `PORT must be a number from 0 to 65535, got ${JSON.stringify(rawPort)}` }
  }
  const postgresUrl = env.KAIRO_PG_URL || undefined
  if (postgresUrl !== undefined && !/^postgres(ql)?:\/\//.test(postgresUrl)) {
    return {
      ok: false,
      problem: `KAIRO_PG_URL must start with postgres:// or postgresql://, got ${redactUrl(postgresUrl)}`,
    }
  }
  return { ok: true, config: { port, postgresUrl, dataDir: env.KAIRO_DATA_DIR || undefined } }
}

/** A URL safe to print: the password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparseable URL)'
  }
}
