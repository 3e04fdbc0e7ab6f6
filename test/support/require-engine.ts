import { inject } from 'vitest'
import { type EngineName, engineUrls, underCI } from './engine-urls.js'

const warned = new Set<EngineName>()

/**
 * True when `engine` answered at the start of the run. When it did not: under `CI=true` this
 * throws, failing the test file; locally it prints a loud warning and returns false, so the file's
 * suites can be skipped with `describe.runIf(requireEngine('postgres'))`.
 *
 * @example
 * ```ts
 * describe.runIf(requireEngine('redis'))('RedisStorage', () => { ... })
 * ```
 */
export function requireEngine(engine: EngineName): boolean {
  const problem = inject('engineProblems')[engine]
  if (problem === null) return true
  const message = `${engine} is unreachable at ${engineUrls[engine]} (${problem})`
  if (underCI) throw new Error(`${message}; CI=true requires every engine`)
  if (!warned.has(engine)) {
    warned.add(engine)
    console.warn(`\n!!!!! SKIPPING ${engine} suites: ${message} !!!!!\n`)
  }
  return false
}
