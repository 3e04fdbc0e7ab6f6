import { configure, type SchemaSettings } from 'kairo/schema'
import { afterAll, beforeAll, describe } from 'vitest'

/** The two validation paths of `kairo/schema`. */
export const SCHEMA_ENGINES = ['jit', 'interpreter'] as const
export type SchemaEngine = (typeof SCHEMA_ENGINES)[number]

/**
 * Runs the same suite once on the compiled path and once on the interpreter
 * (`configure({ jit: false })`), restoring the settings afterwards.
 */
export function describeEachEngine(title: string, body: (engine: SchemaEngine) => void): void {
  describe.each(SCHEMA_ENGINES)(`${title} [%s]`, (engine) => {
    let previous: SchemaSettings
    beforeAll(() => {
      previous = configure({ jit: engine === 'jit' })
    })
    afterAll(() => {
      configure(previous)
    })
    body(engine)
  })
}
