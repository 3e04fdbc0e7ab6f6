import { strictKeysCheck } from './check-compiler.js'
import { type CodegenProgram, excludesDates, mayBeUndefined, propertyName, readCode } from './codegen-program.js'
import { checkRegExp } from './formats.js'
import { stringLiteral } from './js-literal.js'
import { exhaustiveKeys, tupleBounds } from './runtime-helpers.js'
import { nodeOf } from './schema.js'
import type { AnySchema, SchemaNode } from './schema-node.js'

/**
 * Generates the fast path of `parse`: one pass that validates and builds the output together,
 * reading each property once, and gives up (`return $F`) at the first problem so the full parser
 * can collect every issue. Returns `undefined` for schemas that run user code (refinements,
 * transforms), recurse (`lazy`) or intersect: they always take the full parser. Defaults and
 * normalisation are handled here, exactly as the full parser does.
 * @internal
 */
export function fastParser(p: CodegenProgram, schema: AnySchema): string | undefined {
  if (!eligible(schema, new Set())) return undefined
  const name = p.name('fast')
  p.hoist(`function ${name}(v) { let out;\n${new FastCodegen(p).node(schema, 'v', 'out')}\nreturn out }`)
  return name
}

function eligible(schema: AnySchema, seen: Set<SchemaNode>): boolean {
  const node = nodeOf(schema)
  if (seen.has(node)) return true
  seen.add(node)
  if (node.effects.length > 0) return false
  switch (node.kind) {
    case 'lazy':
    case 'intersection':
      return false
    case 'array':
      return eligible(node.element, seen)
    case 'tuple':
      return node.items.every((i) => eligible(i, seen)) && (node.rest === undefined || eligible(node.rest, seen))
    case 'record':
      return eligible(node.key, seen) && eligible(node.value, seen)
    case 'object':
      return node.keys.every((k) => eligible(node.shape[k]!, seen))
    case 'union':
    case 'discriminatedUnion':
      return node.options.every((o) => eligible(o, seen))
    default:
      return true
  }
}

const OBJECT_MISMATCH = (x: string) =>
  `typeof ${x} !== "object" || ${x} === null || Array.isArray(${x}) || ${x} instanceof Date`

class FastCodegen {
  constructor(readonly p: CodegenProgram) {}

  /** Statements that set `out` from the value in `x`, or `return $F`. */
  node(schema: AnySchema, x: string, out: string): string {
    const node = nodeOf(schema)
    const lines: string[] = []
    let input = x
    if (node.default !== undefined) {
      input = this.p.name('d')
      lines.push(`let ${input} = ${x}; if (${input} === undefined) ${input} = $resolveDefault(${this.p.ref(node)});`)
    }
    const branches: string[] = []
    if (node.optional) branches.push(`if (${input} === undefined) ${out} = undefined;`)
    if (node.nullable) branches.push(`if (${input} === null) ${out} = null;`)
    const body = this.base(node, input, out)
    lines.push(branches.length ? `${branches.join(' else ')} else {\n${body}\n}` : body)
    return lines.join('\n')
  }

  base(node: SchemaNode, x: string, out: string): string {
    const p = this.p
    switch (node.kind) {
      case 'string': {
        let s = x
        const lines = [`if (typeof ${x} !== "string") return $F;`]
        for (const c of node.checks) {
          switch (c.kind) {
            case 'min':
              lines.push(`if (${s}.length < ${c.value}) return $F;`)
              break
            case 'max':
              lines.push(`if (${s}.length > ${c.value}) return $F;`)
              break
            case 'length':
              lines.push(`if (${s}.length !== ${c.value}) return $F;`)
              break
            case 'email':
              lines.push(`if (!$EMAIL.test(${s})) return $F;`)
              break
            case 'uuid':
              lines.push(`if (!$UUID.test(${s})) return $F;`)
              break
            case 'url':
              lines.push(`if (!$isUrl(${s})) return $F;`)
              break
            case 'regex':
              lines.push(`if (!${p.ref(checkRegExp(c.source, c.flags))}.test(${s})) return $F;`)
              break
            case 'startsWith':
              lines.push(`if (!${s}.startsWith(${stringLiteral(c.value)})) return $F;`)
              break
            case 'endsWith':
              lines.push(`if (!${s}.endsWith(${stringLiteral(c.value)})) return $F;`)
              break
            default: {
              const next = p.name('s')
              lines.push(`const ${next} = ${s}.${c.kind}();`)
              s = next
            }
          }
        }
        return `${lines.join(' ')} ${out} = ${s};`
      }
      case 'number': {
        const conds = [`typeof ${x} !== "number"`, `${x} !== ${x}`]
        for (const c of node.checks) {
          if (c.kind === 'min') conds.push(`${x} ${c.inclusive ? '<' : '<='} ${p.literal(c.value)}`)
          else if (c.kind === 'max') conds.push(`${x} ${c.inclusive ? '>' : '>='} ${p.literal(c.value)}`)
          else if (c.kind === 'int') conds.push(`!Number.isSafeInteger(${x})`)
          else if (c.kind === 'finite') conds.push(`!Number.isFinite(${x})`)
          else conds.push(`!$isMultiple(${x}, ${p.literal(c.value)})`)
        }
        return `if (${conds.join(' || ')}) return $F; ${out} = ${x};`
      }
      case 'bigint': {
        const b = p.name('b')
        const conds = [`${b} === undefined`]
        for (const c of node.checks) {
          const op = c.kind === 'min' ? (c.inclusive ? '<' : '<=') : c.inclusive ? '>' : '>='
          conds.push(`${b} ${op} ${p.ref(c.value)}`)
        }
        return `const ${b} = $readBigInt(${x}, ${node.coerce}); if (${conds.join(' || ')}) return $F; ${out} = ${b};`
      }
      case 'boolean':
        return `if (typeof ${x} !== "boolean") return $F; ${out} = ${x};`
      case 'date': {
        const d = p.name('dt')
        const conds = [
          `${d} === undefined`,
          ...node.checks.map((c) => `${d}.getTime() ${c.kind === 'min' ? '<' : '>'} ${c.value}`),
        ]
        return `const ${d} = $readDate(${x}, ${node.coerce}); if (${conds.join(' || ')}) return $F; ${out} = ${d};`
      }
      case 'literal':
        return `if (${x} !== ${p.literal(node.value)}) return $F; ${out} = ${x};`
      case 'enum': {
        const test =
          node.values.length <= 8
            ? node.values.map((v) => `${x} !== ${p.literal(v)}`).join(' && ')
            : `!${p.ref(new Set(node.values))}.has(${x})`
        return `if (${test}) return $F; ${out} = ${x};`
      }
      case 'unknown':
      case 'any':
        return `${out} = ${x};`
      case 'never':
        return 'return $F;'
      case 'array': {
        const n = p.name('n')
        const a = p.name('a')
        const i = p.name('i')
        const e = p.name('el')
        const r = p.name('r')
        const conds = node.checks.map((c) =>
          c.kind === 'min' ? `${n} < ${c.value}` : c.kind === 'max' ? `${n} > ${c.value}` : `${n} !== ${c.value}`,
        )
        return [
          `if (!Array.isArray(${x})) return $F;`,
          `const ${n} = ${x}.length;`,
          conds.length ? `if (${conds.join(' || ')}) return $F;` : '',
          `const ${a} = [];`,
          `for (let ${i} = 0; ${i} < ${n}; ${i}++) { const ${e} = ${x}[${i}]; let ${r};`,
          this.node(node.element, e, r),
          `${a}.push(${r}) }`,
          `${out} = ${a};`,
        ].join('\n')
      }
      case 'tuple': {
        const { min, max } = tupleBounds(node)
        const n = p.name('n')
        const a = p.name('a')
        const lines = [
          `if (!Array.isArray(${x})) return $F;`,
          `const ${n} = ${x}.length; if (${n} < ${min}${Number.isFinite(max) ? ` || ${n} > ${max}` : ''}) return $F;`,
          `const ${a} = [];`,
        ]
        node.items.forEach((item, index) => {
          const e = p.name('el')
          const r = p.name('r')
          lines.push(
            `{ const ${e} = ${index} < ${n} ? ${x}[${index}] : undefined; let ${r};`,
            this.node(item, e, r),
            `if (${index} < ${n} || ${r} !== undefined) ${a}[${index}] = ${r} }`,
          )
        })
        if (node.rest !== undefined) {
          const i = p.name('i')
          const e = p.name('el')
          const r = p.name('r')
          lines.push(
            `for (let ${i} = ${node.items.length}; ${i} < ${n}; ${i}++) { const ${e} = ${x}[${i}]; let ${r};`,
            this.node(node.rest, e, r),
            `${a}[${i}] = ${r} }`,
          )
        }
        lines.push(`${out} = $packTuple(${a});`)
        return lines.join('\n')
      }
      case 'object':
        return this.object(node, x, out)
      case 'record': {
        const o = p.name('o')
        const k = p.name('k')
        const pk = p.name('pk')
        const e = p.name('el')
        const r = p.name('r')
        const lines = [
          `if (${OBJECT_MISMATCH(x)}) return $F;`,
          `const ${o} = {};`,
          `for (const ${k} in ${x}) { if (!$hasOwn.call(${x}, ${k})) continue; let ${pk};`,
          this.node(node.key, k, pk),
          `const ${e} = ${x}[${k}]; let ${r};`,
          this.node(node.value, e, r),
          `if (${r} !== undefined) $safeSet(${o}, String(${pk}), ${r}) }`,
        ]
        const required = exhaustiveKeys(nodeOf(node.key))
        if (required) {
          const rk = p.name('rk')
          const u = p.name('un')
          const r2 = p.name('r')
          lines.push(
            `for (const ${rk} of ${p.ref(required)}) { if ($hasOwn.call(${x}, ${rk})) continue; const ${u} = undefined; let ${r2};`,
            this.node(node.value, u, r2),
            `if (${r2} !== undefined) $safeSet(${o}, ${rk}, ${r2}) }`,
          )
        }
        lines.push(`${out} = ${o};`)
        return lines.join('\n')
      }
      case 'union': {
        const r = p.name('r')
        const names = node.options.map((option) => {
          const fn = p.name('FU')
          p.hoist(`function ${fn}(x) { let out;\n${this.node(option, 'x', 'out')}\nreturn out }`)
          return fn
        })
        const tries = names.map((fn, i) =>
          i === 0 ? `let ${r} = ${fn}(${x});` : `if (${r} === $F) ${r} = ${fn}(${x});`,
        )
        return `${tries.join(' ')} if (${r} === $F) return $F; ${out} = ${r};`
      }
      case 'discriminatedUnion': {
        const cases = [...node.mapping].map(([value, option]) => {
          const r = p.name('r')
          return `case ${p.literal(value)}: { let ${r};\n${this.node(option, x, r)}\n${out} = ${r}; break }`
        })
        return [
          `if (${OBJECT_MISMATCH(x)}) return $F;`,
          `switch (${readCode(x, node.discriminator)}) {`,
          ...cases,
          'default: return $F }',
        ].join('\n')
      }
      case 'intersection':
      case 'lazy':
        return 'return $F;'
    }
  }

  object(node: SchemaNode & { kind: 'object' }, x: string, out: string): string {
    const p = this.p
    const shape = excludesDates(node)
      ? `typeof ${x} !== "object" || ${x} === null || Array.isArray(${x})`
      : OBJECT_MISMATCH(x)
    const lines = [`if (${shape}) return $F;`]
    const results: Array<{ key: string; r: string; always: boolean }> = []
    for (const key of node.keys) {
      const schema = node.shape[key]!
      const f = p.name('f')
      const r = p.name('r')
      lines.push(`const ${f} = ${readCode(x, key)}; let ${r};`, this.node(schema, f, r))
      results.push({ key, r, always: !mayBeUndefined(nodeOf(schema)) })
    }
    if (node.unknownKeys === 'strict') lines.push(`if (!${strictKeysCheck(p, node)}(${x})) return $F;`)
    const o = p.name('o')
    const firstMaybe = results.findIndex((entry) => !entry.always)
    const literalPart = firstMaybe === -1 ? results : results.slice(0, firstMaybe)
    lines.push(`const ${o} = { ${literalPart.map(({ key, r }) => `${propertyName(key)}: ${r}`).join(', ')} };`)
    for (const { key, r } of firstMaybe === -1 ? [] : results.slice(firstMaybe)) {
      lines.push(`if (${r} !== undefined) $safeSet(${o}, ${stringLiteral(key)}, ${r});`)
    }
    if (node.unknownKeys === 'passthrough') {
      const k = p.name('k')
      const known = node.keys.length
        ? `switch (${k}) { ${node.keys.map((key) => `case ${stringLiteral(key)}:`).join(' ')} continue }`
        : ''
      lines.push(`for (const ${k} in ${x}) { ${known} if ($hasOwn.call(${x}, ${k})) $safeSet(${o}, ${k}, ${x}[${k}]) }`)
    }
    lines.push(`${out} = ${o};`)
    return lines.join('\n')
  }
}
