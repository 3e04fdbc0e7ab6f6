import type { ValidationError } from '../core/errors.js'
import { Ok, type Result } from '../core/result.js'
import { compileAsyncParser, compileValidators } from './compiler.js'
import { settings } from './configure.js'
import { interpretAsync, interpretSync } from './interpreter.js'
import { walkSchema } from './introspect.js'
import { Failure, failed, tooDeepIssue, unreadableIssue } from './issues.js'
import type { AnySchema } from './schema-node.js'

type ParseResult = Result<ValidationError, unknown>

/** Which path validates a schema: the compiled one or the interpreter. @internal */
export type EngineKind = 'jit' | 'interpreter'

/** The validators of one schema under the settings in force. @internal */
export interface Validators {
  readonly engine: EngineKind
  parse(value: unknown): ParseResult
  parseAsync(value: unknown): Promise<ParseResult>
  check(value: unknown): boolean
}

/**
 * Builds the validators of a schema: compiled through `new Function` when the settings allow it
 * and code generation works (falling back to the interpreter when it throws, as under a
 * Content-Security-Policy), interpreted otherwise. Compiled code that throws on hostile input (a
 * getter, a proxy) hands the value to the interpreter, which guards every read and reports the
 * exact path. Nothing here throws.
 * @internal
 */
export function createValidators(schema: AnySchema): Validators {
  const careful = (value: unknown): ParseResult => {
    try {
      return toResult(interpretSync(schema, value))
    } catch (error) {
      const issue = error instanceof RangeError ? tooDeepIssue([], settings().maxDepth) : unreadableIssue([], error)
      return failed([issue])
    }
  }
  const carefulAsync = (value: unknown): Promise<ParseResult> =>
    interpretAsync(schema, value).then(toResult, () => careful(value))
  const compiled = settings().jit ? attempt(() => compileValidators(schema, careful)) : undefined
  if (compiled === undefined) {
    return {
      engine: 'interpreter',
      parse: careful,
      parseAsync: carefulAsync,
      check: (value) => careful(value).ok,
    }
  }
  const { parse, check } = compiled
  const effectful = hasEffects(schema)
  let asyncParser: ((value: unknown) => Promise<ParseResult>) | undefined
  return {
    engine: 'jit',
    parse,
    parseAsync(value) {
      if (!effectful) return Promise.resolve(parse(value))
      asyncParser ??= attempt(() => compileAsyncParser(schema)) ?? carefulAsync
      const run = asyncParser
      return run(value).catch(() => carefulAsync(value))
    },
    check,
  }
}

function toResult(out: unknown): ParseResult {
  return out instanceof Failure ? failed(out.issues) : new Ok(out)
}

function hasEffects(schema: AnySchema): boolean {
  let found = false
  walkSchema(schema, (node) => {
    if (node.effects.length > 0) found = true
    return !found
  })
  return found
}

/** Runs a compilation, or gives `undefined` when code generation is refused or fails. */
function attempt<T>(build: () => T): T | undefined {
  try {
    return build()
  } catch {
    return undefined
  }
}
