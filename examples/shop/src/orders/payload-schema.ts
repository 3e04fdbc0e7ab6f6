import type { StandardSchemaV1 } from 'kairo'

/** One problem with a value, as Standard Schema reports it. */
export interface PayloadIssue {
  readonly message: string
  readonly path: readonly string[]
}

/**
 * A Standard Schema written by hand: `check` returns the issues it finds. The shop stays free of
 * schema libraries until Kairo's own schemas replace these.
 */
export function payloadSchema<T>(vendor: string, check: (value: unknown) => PayloadIssue[]): StandardSchemaV1<T, T> {
  return {
    '~standard': {
      version: 1,
      vendor,
      validate: (value) => {
        const issues = check(value)
        return issues.length > 0 ? { issues } : { value: value as T }
      },
    },
  }
}

/** Issues for a value that must be a non-empty string. */
export function nonEmptyString(value: unknown, path: string[]): PayloadIssue[] {
  return typeof value === 'string' && value.trim().length > 0 ? [] : [{ message: 'must be a non-empty string', path }]
}

/** True for a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
