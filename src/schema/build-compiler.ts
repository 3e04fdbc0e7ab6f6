import { checkCode } from './check-compiler.js'
import type { CodegenProgram } from './codegen-program.js'
import { mayBeUndefined, propertyName, readCode } from './codegen-program.js'
import { stringLiteral } from './js-literal.js'
import { exhaustiveKeys } from './runtime-helpers.js'
import { nodeOf } from './schema.js'
import type { AnySchema, SchemaNode } from './schema-node.js'

/**
 * Generates the expression that builds the output of a value already known valid (its check
 * passed): the fast path of `parse`. Only used for schemas the check compiler accepts (no user
 * code, defaults, recursion or normalisation), whose output is a structural copy of the input:
 * primitives as they are, new plain objects and arrays (unknown keys stripped or kept), dates read.
 * @internal
 */
export function buildCode(p: CodegenProgram, schema: AnySchema, x: string): string {
  const node = nodeOf(schema)
  const inner = base(p, node, x)
  if (inner === x) return x
  const passthrough = [node.optional ? `${x} === undefined` : '', node.nullable ? `${x} === null` : ''].filter(Boolean)
  return passthrough.length ? `(${passthrough.join(' || ')} ? ${x} : ${inner})` : inner
}

function base(p: CodegenProgram, node: SchemaNode, x: string): string {
  switch (node.kind) {
    case 'date':
      return `$readDate(${x}, ${node.coerce})`
    case 'array': {
      const fn = p.name('BA')
      p.hoist(
        `function ${fn}(x) { const n = x.length; const a = new Array(n); for (let i = 0; i < n; i++) { const e = x[i]; a[i] = ${buildCode(p, node.element, 'e')} } return a }`,
      )
      return `${fn}(${x})`
    }
    case 'tuple': {
      const fn = p.name('BT')
      const items = node.items.map(
        (item, i) =>
          `if (${i} < n) a[${i}] = ${buildCode(p, item, `x[${i}]`)}; else { const r = ${buildCode(p, item, 'undefined')}; if (r !== undefined) a[${i}] = r }`,
      )
      const rest = node.rest
        ? `for (let i = ${node.items.length}; i < n; i++) { const e = x[i]; a[i] = ${buildCode(p, node.rest, 'e')} }`
        : ''
      p.hoist(`function ${fn}(x) { const n = x.length; const a = []; ${items.join(' ')} ${rest} return $packTuple(a) }`)
      return `${fn}(${x})`
    }
    case 'object':
      return objectBuild(p, node, x)
    case 'record': {
      const fn = p.name('BM')
      const required = exhaustiveKeys(nodeOf(node.key))
      const missing = required
        ? `for (const k of ${p.ref(required)}) { if ($hasOwn.call(x, k)) continue; const r = ${buildCode(p, node.value, 'undefined')}; if (r !== undefined) $safeSet(o, k, r) }`
        : ''
      p.hoist(
        `function ${fn}(x) { const o = {}; for (const k in x) { if (!$hasOwn.call(x, k)) continue; const e = x[k]; const r = ${buildCode(p, node.value, 'e')}; if (r !== undefined) $safeSet(o, k, r) } ${missing} return o }`,
      )
      return `${fn}(${x})`
    }
    case 'union': {
      const fn = p.name('BU')
      const branches = node.options.map((option) => {
        const check = checkCode(p, option, 'x') ?? 'false'
        return `if (${check}) return ${buildCode(p, option, 'x')};`
      })
      p.hoist(`function ${fn}(x) { ${branches.join(' ')} }`)
      return `${fn}(${x})`
    }
    case 'discriminatedUnion': {
      const fn = p.name('BD')
      const cases = [...node.mapping].map(
        ([value, option]) => `case ${p.literal(value)}: return ${buildCode(p, option, 'x')};`,
      )
      p.hoist(`function ${fn}(x) { switch (${readCode('x', node.discriminator)}) { ${cases.join(' ')} } }`)
      return `${fn}(${x})`
    }
    default:
      return x
  }
}

function objectBuild(p: CodegenProgram, node: SchemaNode & { kind: 'object' }, x: string): string {
  const fields = node.keys.map((key) => {
    const field = nodeOf(node.shape[key]!)
    return { key, field, value: (from: string) => buildCode(p, node.shape[key]!, readCode(from, key)) }
  })
  const simple = node.unknownKeys !== 'passthrough' && fields.every(({ field }) => !mayBeUndefined(field))
  if (simple) return `{ ${fields.map(({ key, value }) => `${propertyName(key)}: ${value(x)}`).join(', ')} }`
  const fn = p.name('BO')
  const lines = ['const o = {};']
  for (const { key, field, value } of fields) {
    if (mayBeUndefined(field))
      lines.push(`{ const r = ${value('x')}; if (r !== undefined) $safeSet(o, ${stringLiteral(key)}, r) }`)
    else lines.push(`$safeSet(o, ${stringLiteral(key)}, ${value('x')});`)
  }
  if (node.unknownKeys === 'passthrough') {
    const known = node.keys.length
      ? `switch (k) { ${node.keys.map((k) => `case ${stringLiteral(k)}:`).join(' ')} continue }`
      : ''
    lines.push(`for (const k in x) { ${known} if ($hasOwn.call(x, k)) $safeSet(o, k, x[k]) }`)
  }
  p.hoist(`function ${fn}(x) { ${lines.join(' ')} return o }`)
  return `${fn}(${x})`
}
