import { type CodegenProgram, excludesDates, readCode } from './codegen-program.js'
import { checkRegExp } from './formats.js'
import { stringLiteral } from './js-literal.js'
import { exhaustiveKeys, tupleBounds } from './runtime-helpers.js'
import { nodeOf } from './schema.js'
import type { AnySchema, SchemaNode } from './schema-node.js'

/**
 * Generates the boolean expression behind `is()`: no output is built and no issue is made, so a
 * valid value costs only its checks. Returns `undefined` for schemas whose validity depends on
 * running user code or building output (refinements, transforms, defaults, recursion,
 * intersections, string normalisation, coercion); `is()` then runs a full parse.
 * @internal
 */
export function checkCode(program: CodegenProgram, schema: AnySchema, x: string): string | undefined {
  const node = nodeOf(schema)
  if (node.effects.length > 0 || node.default !== undefined) return undefined
  const inner = base(program, node, x)
  if (inner === undefined) return undefined
  const accepts = [node.optional ? `${x} === undefined` : '', node.nullable ? `${x} === null` : ''].filter(Boolean)
  return accepts.length ? `(${accepts.join(' || ')} || ${inner})` : `(${inner})`
}

const OBJECT = (x: string) =>
  `typeof ${x} === "object" && ${x} !== null && !Array.isArray(${x}) && !(${x} instanceof Date)`

function base(p: CodegenProgram, node: SchemaNode, x: string): string | undefined {
  switch (node.kind) {
    case 'string': {
      const parts = [`typeof ${x} === "string"`]
      for (const check of node.checks) {
        switch (check.kind) {
          case 'min':
            parts.push(`${x}.length >= ${check.value}`)
            break
          case 'max':
            parts.push(`${x}.length <= ${check.value}`)
            break
          case 'length':
            parts.push(`${x}.length === ${check.value}`)
            break
          case 'email':
            parts.push(`$EMAIL.test(${x})`)
            break
          case 'uuid':
            parts.push(`$UUID.test(${x})`)
            break
          case 'url':
            parts.push(`$isUrl(${x})`)
            break
          case 'regex':
            parts.push(`${p.ref(checkRegExp(check.source, check.flags))}.test(${x})`)
            break
          case 'startsWith':
            parts.push(`${x}.startsWith(${stringLiteral(check.value)})`)
            break
          case 'endsWith':
            parts.push(`${x}.endsWith(${stringLiteral(check.value)})`)
            break
          default:
            return undefined
        }
      }
      return `(${parts.join(' && ')})`
    }
    case 'number': {
      const parts = [`typeof ${x} === "number"`, `${x} === ${x}`]
      for (const check of node.checks) {
        if (check.kind === 'min') parts.push(`${x} ${check.inclusive ? '>=' : '>'} ${p.literal(check.value)}`)
        else if (check.kind === 'max') parts.push(`${x} ${check.inclusive ? '<=' : '<'} ${p.literal(check.value)}`)
        else if (check.kind === 'int') parts.push(`Number.isSafeInteger(${x})`)
        else if (check.kind === 'finite') parts.push(`Number.isFinite(${x})`)
        else parts.push(`$isMultiple(${x}, ${p.literal(check.value)})`)
      }
      return `(${parts.join(' && ')})`
    }
    case 'bigint': {
      if (node.coerce) return undefined
      const parts = [`typeof ${x} === "bigint"`]
      for (const check of node.checks) {
        const op = check.kind === 'min' ? (check.inclusive ? '>=' : '>') : check.inclusive ? '<=' : '<'
        parts.push(`${x} ${op} ${p.ref(check.value)}`)
      }
      return `(${parts.join(' && ')})`
    }
    case 'boolean':
      return `typeof ${x} === "boolean"`
    case 'date': {
      const fn = p.name('D')
      const checks = node.checks.map((c) => `if (t ${c.kind === 'min' ? '<' : '>'} ${c.value}) return false;`)
      p.hoist(
        `function ${fn}(x) { const d = $readDate(x, ${node.coerce}); if (d === undefined) return false; const t = d.getTime(); ${checks.join(' ')} return true }`,
      )
      return `${fn}(${x})`
    }
    case 'literal':
      return `${x} === ${p.literal(node.value)}`
    case 'enum':
      return node.values.length <= 8
        ? `(${node.values.map((v) => `${x} === ${p.literal(v)}`).join(' || ')})`
        : `${p.ref(new Set(node.values))}.has(${x})`
    case 'unknown':
    case 'any':
      return 'true'
    case 'never':
      return 'false'
    case 'array': {
      const fn = p.name('A')
      const element = checkCode(p, node.element, 'e')
      if (element === undefined) return undefined
      const checks = node.checks.map((c) => {
        const cond = c.kind === 'min' ? `n < ${c.value}` : c.kind === 'max' ? `n > ${c.value}` : `n !== ${c.value}`
        return `if (${cond}) return false;`
      })
      p.hoist(
        `function ${fn}(x) { if (!Array.isArray(x)) return false; const n = x.length; ${checks.join(' ')} for (let i = 0; i < n; i++) { const e = x[i]; if (!${element}) return false } return true }`,
      )
      return `${fn}(${x})`
    }
    case 'tuple': {
      const fn = p.name('T')
      const { min, max } = tupleBounds(node)
      const items: string[] = []
      for (const [index, item] of node.items.entries()) {
        const code = checkCode(p, item, 'e')
        if (code === undefined) return undefined
        items.push(`{ const e = x[${index}]; if (!${code}) return false }`)
      }
      let rest = ''
      if (node.rest !== undefined) {
        const code = checkCode(p, node.rest, 'e')
        if (code === undefined) return undefined
        rest = `for (let i = ${node.items.length}; i < n; i++) { const e = x[i]; if (!${code}) return false }`
      }
      const tooLong = Number.isFinite(max) ? ` || n > ${max}` : ''
      p.hoist(
        `function ${fn}(x) { if (!Array.isArray(x)) return false; const n = x.length; if (n < ${min}${tooLong}) return false; ${items.join(' ')} ${rest} return true }`,
      )
      return `${fn}(${x})`
    }
    case 'object': {
      // A function of its own: each field is read once into a local, then checked.
      const fn = p.name('O')
      const shape = excludesDates(node)
        ? 'typeof x !== "object" || x === null || Array.isArray(x)'
        : `!(${OBJECT('x')})`
      const lines = [`if (${shape}) return false;`]
      for (const [index, key] of node.keys.entries()) {
        const code = checkCode(p, node.shape[key]!, `f${index}`)
        if (code === undefined) return undefined
        lines.push(`const f${index} = ${readCode('x', key)}; if (!${code}) return false;`)
      }
      if (node.unknownKeys === 'strict') lines.push(`if (!${strictKeysCheck(p, node)}(x)) return false;`)
      p.hoist(`function ${fn}(x) { ${lines.join(' ')} return true }`)
      return `${fn}(${x})`
    }
    case 'record': {
      const fn = p.name('M')
      const key = checkCode(p, node.key, 'k')
      const value = checkCode(p, node.value, 'e')
      if (key === undefined || value === undefined) return undefined
      const required = exhaustiveKeys(nodeOf(node.key))
      const missing = required
        ? `for (const k of ${p.ref(required)}) { if ($hasOwn.call(x, k)) continue; const e = undefined; if (!${value}) return false }`
        : ''
      p.hoist(
        `function ${fn}(x) { if (!(${OBJECT('x')})) return false; for (const k in x) { if (!$hasOwn.call(x, k)) continue; if (!${key}) return false; const e = x[k]; if (!${value}) return false } ${missing} return true }`,
      )
      return `${fn}(${x})`
    }
    case 'union': {
      const options: string[] = []
      for (const option of node.options) {
        const code = checkCode(p, option, x)
        if (code === undefined) return undefined
        options.push(code)
      }
      return options.length ? `(${options.join(' || ')})` : 'false'
    }
    case 'discriminatedUnion': {
      const fn = p.name('U')
      const cases: string[] = []
      for (const [value, option] of node.mapping) {
        const code = checkCode(p, option, 'x')
        if (code === undefined) return undefined
        cases.push(`case ${p.literal(value)}: return ${code};`)
      }
      p.hoist(
        `function ${fn}(x) { if (!(${OBJECT('x')})) return false; switch (${readCode('x', node.discriminator)}) { ${cases.join(' ')} default: return false } }`,
      )
      return `${fn}(${x})`
    }
    case 'intersection':
    case 'lazy':
      return undefined
  }
}

/**
 * The name of a function telling whether an object has no own enumerable key besides those of
 * `node` (a `for…in` over a `switch` of the known keys: measured faster than counting
 * `Object.keys`, which needs a prototype check to be exact).
 * @internal
 */
export function strictKeysCheck(p: CodegenProgram, node: SchemaNode & { kind: 'object' }): string {
  const fn = p.name('K')
  const known = node.keys.length
    ? `switch (k) { ${node.keys.map((k) => `case ${stringLiteral(k)}:`).join(' ')} continue }`
    : ''
  p.hoist(`function ${fn}(x) { for (const k in x) { ${known} if ($hasOwn.call(x, k)) return false } return true }`)
  return fn
}
