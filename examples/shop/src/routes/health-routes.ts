import { Hono } from 'hono'
import type { Database } from 'kairo/postgres'

/** A named section of `GET /health`: circuit breakers, cache analytics, … */
export type HealthSection = () => unknown | Promise<unknown>

export interface HealthDependencies {
  db: Database
  version: string
  startedAt: number
  /** Extra sections, reported under their names next to `database`. */
  sections?: Record<string, HealthSection>
}

/** `GET /health`: 200 when the database answers, 503 (with the reason) when it does not. */
export function healthRoutes(deps: HealthDependencies): Hono {
  return new Hono().get('/health', async (c) => {
    const ping = await deps.db.ping()
    const database = ping.ok
      ? {
          reachable: true,
          engine: ping.value.engine,
          serverVersion: ping.value.serverVersion,
          latencyMs: round(ping.value.latencyMs),
        }
      : { reachable: false, engine: deps.db.engine, error: { code: ping.error.code, message: ping.error.message } }
    const sections: Record<string, unknown> = {}
    for (const [name, section] of Object.entries(deps.sections ?? {})) {
      try {
        sections[name] = await section()
      } catch (error) {
        sections[name] = { error: error instanceof Error ? error.message : String(error) }
      }
    }
    return c.json(
      {
        status: ping.ok ? 'ok' : 'degraded',
        version: deps.version,
        uptimeSeconds: round((Date.now() - deps.startedAt) / 1000),
        database,
        ...sections,
      },
      ping.ok ? 200 : 503,
    )
  })
}

function round(n: number): number {
  return Math.round(n * 100) / 100
}
