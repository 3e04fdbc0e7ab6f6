/** Where the test engines live: `KAIRO_PG_URL`, `KAIRO_REDIS_URL`, `KAIRO_NATS_URL`, or the local servers. */
export const engineUrls = {
  postgres: process.env.KAIRO_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redis: process.env.KAIRO_REDIS_URL ?? 'redis://127.0.0.1:6379',
  nats: process.env.KAIRO_NATS_URL ?? 'nats://127.0.0.1:4222',
} as const

export type EngineName = keyof typeof engineUrls

/** True when tests run under CI, where a missing engine is a failure rather than a skip. */
export const underCI = process.env.CI === 'true' || process.env.CI === '1'

/** The same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}
