import type { QueryResult, Row } from './database.js'

/**
 * What an engine adapter provides for one open transaction: raw statements that throw driver
 * errors, and the end of the transaction. The shared logic in `run-transaction.ts` turns this into
 * the public `Transaction`.
 * @internal
 */
export interface OpenTransaction {
  run(sql: string, params: readonly unknown[]): Promise<QueryResult<Row>>
  runScript(sql: string): Promise<void>
  commit(): Promise<void>
  rollback(): Promise<void>
  /** Gives the connection back; `broken` when it must not be reused. */
  release(broken?: boolean): void
}
