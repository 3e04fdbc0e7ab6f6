import type { KairoError } from '../../core/kairo-error.js'
import { Err, Ok, type Result } from '../../core/result.js'
import type { Claim, IdempotencyStore, StoredOutcome } from '../../events/idempotency-store.js'
import type { Database } from './database.js'
import { eventStoreTables, KAIRO_LOCK_CLASS } from './event-store-tables.js'

/**
 * Command outcomes in `kairo_command_outcomes`, keyed by command id. A claim is an
 * `insert … on conflict do nothing`, so two instances racing on one id cannot both execute it.
 * @internal
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  readonly #db: Database
  readonly #table: string
  #ready: Promise<Result<KairoError, void>> | undefined

  constructor(db: Database, schema?: string) {
    this.#db = db
    this.#table = eventStoreTables(schema).commandOutcomes
  }

  #init(): Promise<Result<KairoError, void>> {
    this.#ready ??= this.#db
      .transaction(async (tx) => {
        // Two instances starting at once must not race on creating the table.
        const locked = await tx.query('select pg_advisory_xact_lock($1::int, 1)', [KAIRO_LOCK_CLASS])
        if (!locked.ok) return locked
        return tx.exec(`create table if not exists ${this.#table} (
        command_id text primary key,
        command_type text not null,
        status text not null,
        outcome jsonb,
        claimed_at timestamptz not null default now(),
        completed_at timestamptz
      )`)
      })
      .then((r) => {
        if (!r.ok) this.#ready = undefined
        return r.ok ? new Ok(undefined) : new Err(r.error)
      })
    return this.#ready
  }

  async claim(commandId: string, type: string, staleAfterMs: number): Promise<Result<KairoError, Claim>> {
    const ready = await this.#init()
    if (!ready.ok) return new Err(ready.error)
    const r = await this.#db.query<{ claimed: boolean; status: string; outcome: StoredOutcome | null }>(
      `with fresh as (
         insert into ${this.#table} (command_id, command_type, status) values ($1, $2, 'pending')
         on conflict (command_id) do nothing returning true as claimed
       ), stale as (
         update ${this.#table} set claimed_at = now()
         where command_id = $1 and status = 'pending' and claimed_at < now() - make_interval(secs => $3::float8 / 1000)
           and not exists (select 1 from fresh)
         returning true as claimed
       )
       select coalesce((select claimed from fresh), (select claimed from stale), false) as claimed, t.status, t.outcome
       from (select 1) one left join ${this.#table} t on t.command_id = $1`,
      [commandId, type, staleAfterMs],
    )
    if (!r.ok) return new Err(r.error)
    const row = r.value.rows[0]!
    if (row.claimed) return new Ok({ status: 'claimed' })
    if (row.status === 'done' && row.outcome) return new Ok({ status: 'done', outcome: row.outcome })
    return new Ok({ status: 'pending' })
  }

  async complete(commandId: string, outcome: StoredOutcome): Promise<Result<KairoError, void>> {
    const r = await this.#db.query(
      `update ${this.#table} set status = 'done', outcome = $2::jsonb, completed_at = now() where command_id = $1`,
      [commandId, JSON.stringify(outcome)],
    )
    return r.ok ? new Ok(undefined) : new Err(r.error)
  }

  async release(commandId: string): Promise<Result<KairoError, void>> {
    const r = await this.#db.query(`delete from ${this.#table} where command_id = $1 and status = 'pending'`, [
      commandId,
    ])
    return r.ok ? new Ok(undefined) : new Err(r.error)
  }
}
