import type { ValidationError } from '../core/errors.js'
import type { Result } from '../core/result.js'
import { checkCode } from './check-compiler.js'
import { CodegenProgram, mayBeUndefined, propertyName, readCode } from './codegen-program.js'
import { fastParser } from './fast-compiler.js'
import { checkRegExp } from './formats.js'
import { stringLiteral } from './js-literal.js'
import { exhaustiveKeys, tupleBounds } from './runtime-helpers.js'
import { nodeOf } from './schema.js'
import type { AnySchema, LazyNode, SchemaNode } from './schema-node.js'

type ParseResult = Result<ValidationError, unknown>

/** The compiled validators of a schema. @internal */
export interface CompiledValidators {
  /** Never throws: input whose reading throws goes to `careful`. */
  readonly parse: (value: unknown) => ParseResult
  /** The boolean behind `is()`; never throws. */
  readonly check: (value: unknown) => boolean
}

/**
 * The JIT: compiles a schema into specialised functions (generated JavaScript through
 * `new Function`). `parse` first runs a single pass that validates and builds the output together and
 * gives up at the first problem (the fast path); then, or when the schema runs user code, the
 * full parser collects every issue. `is()` runs a boolean check that builds nothing. Objects, arrays and unions are inlined; each recursive
 * (`lazy`) schema becomes a function of its own carrying the path, the depth and the memo of
 * visited objects. Anything the input throws while being read hands it to `careful` (the
 * interpreter, which guards every read).
 *
 * The generated code reports exactly the issues the interpreter reports: both call the same issue
 * constructors (`issues.ts`) and helpers (`runtime-helpers.ts`); a shared test suite and property
 * tests hold them to it.
 * @internal
 */
export function compileValidators(schema: AnySchema, careful: (value: unknown) => ParseResult): CompiledValidators {
  const program = new CodegenProgram()
  const slow = fullParser(program, schema, false)
  const fast = fastParser(program, schema)
  const check = checkCode(program, schema, 'v')
  const c = program.ref(careful)
  if (check !== undefined) program.hoist(`function check(v) { return ${check} }`)
  const is =
    check === undefined
      ? `function is(v) { return parse(v).ok }`
      : `function is(v) { try { return check(v) } catch (e) { return ${c}(v).ok } }`
  const first = fast === undefined ? '' : `const f = ${fast}(v); if (f !== $F) return new $Ok(f);`
  program.hoist(`function parse(v) { try { ${first} return ${slow}(v) } catch (e) { return ${c}(v) } }`)
  program.hoist(is)
  return program.build('{ parse, check: is }')
}

/** Compiles the full parser for `parseAsync` (awaiting async refinements and transforms). @internal */
export function compileAsyncParser(schema: AnySchema): (value: unknown) => Promise<ParseResult> {
  const program = new CodegenProgram()
  const slow = fullParser(program, schema, true)
  return program.build(slow)
}

/** Hoists the full, issue-collecting parser and returns its name. */
function fullParser(program: CodegenProgram, schema: AnySchema, async: boolean): string {
  const gen = new ParseCodegen(program, async)
  const body = gen.node(schema, 'v', 'out', { base: undefined, segs: [] })
  const state = gen.usesLazy ? 'const st = { depth: 0, maxDepth: $maxDepth(), memo: undefined };' : ''
  const name = program.name('parseAll')
  program.hoist(
    `${async ? 'async ' : ''}function ${name}(v) { let iss; let out; ${state}\n${body}\nreturn iss === undefined ? new $Ok(out) : $failed(iss) }`,
  )
  return name
}

/** A path known at compile time: an optional runtime prefix (`p`) and segment expressions. */
interface PathExpr {
  readonly base: string | undefined
  readonly segs: readonly string[]
}

const COUNT = '(iss === undefined ? 0 : iss.length)'

class ParseCodegen {
  usesLazy = false
  readonly #lazy = new Map<LazyNode['resolve'], string>()

  constructor(
    readonly program: CodegenProgram,
    readonly async: boolean,
  ) {}

  /** Code that parses the value in variable `x` into variable `out` (declared by the caller). */
  node(schema: AnySchema, x: string, out: string, path: PathExpr): string {
    const node = nodeOf(schema)
    const p = this.program
    const lines: string[] = []
    const branches: string[] = []
    let input = x
    if (node.default !== undefined) {
      input = p.name('d')
      const failed = `${input}f`
      lines.push(
        `let ${input} = ${x}; let ${failed} = false;`,
        `if (${input} === undefined) { try { ${input} = $resolveDefault(${p.ref(node)}) } catch (e) { iss = $push(iss, $threwIssue(${pathCode(path)}, e)); ${failed} = true } }`,
      )
      branches.push(`if (${failed}) {}`)
    }
    if (node.optional) branches.push(`if (${input} === undefined) ${out} = undefined;`)
    if (node.nullable) branches.push(`if (${input} === null) ${out} = null;`)
    const body = node.effects.length ? this.#withEffects(node, input, out, path) : this.#base(node, input, out, path)
    if (branches.length === 0) lines.push(body)
    else lines.push(`${branches.join(' else ')} else {\n${body}\n}`)
    return lines.join('\n')
  }

  #withEffects(node: SchemaNode, x: string, out: string, path: PathExpr): string {
    const p = this.program
    const before = p.name('c')
    const label = p.name('e')
    const at = pathCode(path)
    const effects = node.effects.map((effect) => {
      const e = p.ref(effect)
      const t = p.name('t')
      const settle = this.async
        ? `if ($isPromiseLike(${t})) ${t} = await ${t};`
        : `if ($isPromiseLike(${t})) { $swallow(${t}); iss = $push(iss, $asyncIssue(${at})); break ${label} }`
      const ctx = `$refineCtx(${at}, (i) => { iss = $push(iss, i) })`
      const call =
        effect.kind === 'refine'
          ? `${e}.check(${out})`
          : `${e}.${effect.kind === 'transform' ? 'fn' : 'check'}(${out}, ${ctx})`
      const after =
        effect.kind === 'refine'
          ? `if (!${t}) iss = $push(iss, $refineIssue(${at}, ${e}));`
          : effect.kind === 'transform'
            ? `${out} = ${t};`
            : ''
      const skip = effect.kind === 'transform' ? `if (${COUNT} !== ${before}) break ${label};` : ''
      return `${skip} { let ${t}; try { ${t} = ${call}; ${settle} } catch (e) { iss = $push(iss, $threwIssue(${at}, e)); break ${label} } ${after} }`
    })
    return [
      `const ${before} = ${COUNT};`,
      this.#base(node, x, out, path),
      `if (${COUNT} === ${before}) ${label}: {`,
      ...effects,
      '}',
    ].join('\n')
  }

  #base(node: SchemaNode, x: string, out: string, path: PathExpr): string {
    const p = this.program
    const at = pathCode(path)
    const typeIssue = `iss = $push(iss, $typeIssue(${at}, ${p.ref(node)}, ${x}));`
    switch (node.kind) {
      case 'string': {
        let s = x
        const lines: string[] = []
        for (const check of node.checks) {
          const c = p.ref(check)
          const fail = (cond: string) => lines.push(`if (${cond}) iss = $push(iss, $stringIssue(${at}, ${c}, ${s}));`)
          switch (check.kind) {
            case 'min':
              fail(`${s}.length < ${check.value}`)
              break
            case 'max':
              fail(`${s}.length > ${check.value}`)
              break
            case 'length':
              fail(`${s}.length !== ${check.value}`)
              break
            case 'email':
              fail(`!$EMAIL.test(${s})`)
              break
            case 'uuid':
              fail(`!$UUID.test(${s})`)
              break
            case 'url':
              fail(`!$isUrl(${s})`)
              break
            case 'regex':
              fail(`!${p.ref(checkRegExp(check.source, check.flags))}.test(${s})`)
              break
            case 'startsWith':
              fail(`!${s}.startsWith(${stringLiteral(check.value)})`)
              break
            case 'endsWith':
              fail(`!${s}.endsWith(${stringLiteral(check.value)})`)
              break
            default: {
              const next = p.name('s')
              const method = check.kind === 'trim' ? 'trim' : check.kind
              lines.push(`const ${next} = ${s}.${method}();`)
              s = next
            }
          }
        }
        return `if (typeof ${x} !== "string") ${typeIssue} else {\n${lines.join('\n')}\n${out} = ${s} }`
      }
      case 'number': {
        const lines = node.checks.map((check) => {
          const c = p.ref(check)
          const limit =
            check.kind === 'min' || check.kind === 'max' || check.kind === 'multipleOf' ? p.literal(check.value) : ''
          const cond =
            check.kind === 'min'
              ? `${x} ${check.inclusive ? '<' : '<='} ${limit}`
              : check.kind === 'max'
                ? `${x} ${check.inclusive ? '>' : '>='} ${limit}`
                : check.kind === 'int'
                  ? `!Number.isSafeInteger(${x})`
                  : check.kind === 'finite'
                    ? `!Number.isFinite(${x})`
                    : `!$isMultiple(${x}, ${limit})`
          return `if (${cond}) iss = $push(iss, $numberIssue(${at}, ${c}, ${x}));`
        })
        return `if (typeof ${x} !== "number" || ${x} !== ${x}) ${typeIssue} else {\n${lines.join('\n')}\n${out} = ${x} }`
      }
      case 'bigint': {
        const b = p.name('b')
        const lines = node.checks.map((check) => {
          const op = check.kind === 'min' ? (check.inclusive ? '<' : '<=') : check.inclusive ? '>' : '>='
          return `if (${b} ${op} ${p.ref(check.value)}) iss = $push(iss, $bigintIssue(${at}, ${p.ref(check)}, ${b}));`
        })
        return `const ${b} = $readBigInt(${x}, ${node.coerce}); if (${b} === undefined) ${typeIssue} else {\n${lines.join('\n')}\n${out} = ${b} }`
      }
      case 'boolean':
        return `if (typeof ${x} !== "boolean") ${typeIssue} else ${out} = ${x};`
      case 'date': {
        const d = p.name('dt')
        const t = p.name('tm')
        const dateLike = `${x} instanceof Date || typeof ${x} === "string"${node.coerce ? ` || typeof ${x} === "number"` : ''}`
        const lines = node.checks.map(
          (check) =>
            `if (${t} ${check.kind === 'min' ? '<' : '>'} ${check.value}) iss = $push(iss, $dateIssue(${at}, ${p.ref(check)}, ${d}));`,
        )
        return [
          `const ${d} = $readDate(${x}, ${node.coerce});`,
          `if (${d} === undefined) { if (${dateLike}) iss = $push(iss, $invalidDateIssue(${at}, ${p.ref(node)}, ${x})); else ${typeIssue} }`,
          `else { const ${t} = ${d}.getTime();`,
          ...lines,
          `${out} = ${d} }`,
        ].join('\n')
      }
      case 'literal':
        return `if (${x} !== ${p.literal(node.value)}) iss = $push(iss, $literalIssue(${at}, ${p.ref(node)}, ${x})); else ${out} = ${x};`
      case 'enum': {
        const test =
          node.values.length <= 8
            ? node.values.map((v) => `${x} !== ${p.literal(v)}`).join(' && ')
            : `!${p.ref(new Set(node.values))}.has(${x})`
        return `if (${test}) iss = $push(iss, $enumIssue(${at}, ${p.ref(node)}, ${x})); else ${out} = ${x};`
      }
      case 'unknown':
      case 'any':
        return `${out} = ${x};`
      case 'never':
        return typeIssue
      case 'array':
        return this.#array(node, x, out, path, typeIssue)
      case 'tuple':
        return this.#tuple(node, x, out, path, typeIssue)
      case 'object':
        return this.#object(node, x, out, path, typeIssue)
      case 'record':
        return this.#record(node, x, out, path, typeIssue)
      case 'union':
        return this.#union(node, x, out, path)
      case 'discriminatedUnion': {
        const tag = p.name('tag')
        const cases = [...node.mapping].map(([value, option]) => {
          const r = p.name('r')
          return `case ${p.literal(value)}: { let ${r};\n${this.node(option, x, r, path)}\n${out} = ${r}; break }`
        })
        return [
          `if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x}) || ${x} instanceof Date) ${typeIssue} else {`,
          `const ${tag} = ${readCode(x, node.discriminator)};`,
          `switch (${tag}) {`,
          ...cases,
          `default: iss = $push(iss, $discriminatorIssue(${at}, ${p.ref(node)}, ${tag})) } }`,
        ].join('\n')
      }
      case 'intersection': {
        const before = p.name('c')
        const l = p.name('l')
        const r = p.name('r')
        const m = p.name('m')
        return [
          `const ${before} = ${COUNT}; let ${l}; let ${r};`,
          this.node(node.left, x, l, path),
          this.node(node.right, x, r, path),
          `if (${COUNT} === ${before}) { const ${m} = $mergeValues(${l}, ${r}); if (${m} === $UNMERGEABLE) iss = $push(iss, $intersectionIssue(${at}, ${x})); else ${out} = ${m} }`,
        ].join('\n')
      }
      case 'lazy': {
        const fn = this.#lazyFunction(node)
        const r = p.name('lr')
        return `const ${r} = ${this.async ? 'await ' : ''}${fn}(${x}, ${pathCode(path)}, st); if (${r} instanceof $Failure) { for (const i of ${r}.issues) iss = $push(iss, i) } else ${out} = ${r};`
      }
    }
  }

  #array(node: SchemaNode & { kind: 'array' }, x: string, out: string, path: PathExpr, typeIssue: string): string {
    const p = this.program
    const n = p.name('n')
    const big = p.name('big')
    const i = p.name('i')
    const a = p.name('a')
    const e = p.name('el')
    const r = p.name('r')
    const at = pathCode(path)
    const checks = node.checks.map((check) => {
      const cond =
        check.kind === 'min'
          ? `${n} < ${check.value}`
          : check.kind === 'max'
            ? `${n} > ${check.value}`
            : `${n} !== ${check.value}`
      const tooLong = check.kind === 'min' ? '' : ` if (${n} > ${check.value}) ${big} = true;`
      return `if (${cond}) { iss = $push(iss, $arrayIssue(${at}, ${p.ref(check)}, ${n}));${tooLong} }`
    })
    return [
      `if (!Array.isArray(${x})) ${typeIssue} else {`,
      `const ${n} = ${x}.length; let ${big} = false;`,
      ...checks,
      `if (!${big}) { const ${a} = [];`,
      `for (let ${i} = 0; ${i} < ${n}; ${i}++) { const ${e} = ${x}[${i}]; let ${r};`,
      this.node(node.element, e, r, child(path, i)),
      `${a}.push(${r}) }`,
      `${out} = ${a} } }`,
    ].join('\n')
  }

  #tuple(node: SchemaNode & { kind: 'tuple' }, x: string, out: string, path: PathExpr, typeIssue: string): string {
    const p = this.program
    const { min, max } = tupleBounds(node)
    const n = p.name('n')
    const a = p.name('a')
    const lines = [
      `if (!Array.isArray(${x})) ${typeIssue} else {`,
      `const ${n} = ${x}.length;`,
      `if (${n} < ${min}${Number.isFinite(max) ? ` || ${n} > ${max}` : ''}) iss = $push(iss, $tupleLengthIssue(${pathCode(path)}, ${min}, ${Number.isFinite(max) ? max : 'Infinity'}, ${n}));`,
      `if (${Number.isFinite(max) ? `${n} <= ${max}` : 'true'}) { const ${a} = [];`,
    ]
    node.items.forEach((item, index) => {
      const e = p.name('el')
      const r = p.name('r')
      lines.push(
        `{ const ${e} = ${index} < ${n} ? ${x}[${index}] : undefined; let ${r};`,
        this.node(item, e, r, child(path, String(index))),
        `if (${index} < ${n} || ${r} !== undefined) ${a}[${index}] = ${r} }`,
      )
    })
    if (node.rest !== undefined) {
      const i = p.name('i')
      const e = p.name('el')
      const r = p.name('r')
      lines.push(
        `for (let ${i} = ${node.items.length}; ${i} < ${n}; ${i}++) { const ${e} = ${x}[${i}]; let ${r};`,
        this.node(node.rest, e, r, child(path, i)),
        `${a}[${i}] = ${r} }`,
      )
    }
    lines.push(`${out} = $packTuple(${a}) } }`)
    return lines.join('\n')
  }

  #object(node: SchemaNode & { kind: 'object' }, x: string, out: string, path: PathExpr, typeIssue: string): string {
    const p = this.program
    const lines = [
      `if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x}) || ${x} instanceof Date) ${typeIssue} else {`,
    ]
    const results: Array<{ key: string; r: string; always: boolean }> = []
    for (const key of node.keys) {
      const schema = node.shape[key]!
      const f = p.name('f')
      const r = p.name('r')
      lines.push(
        `const ${f} = ${readCode(x, key)}; let ${r};`,
        this.node(schema, f, r, child(path, stringLiteral(key))),
      )
      results.push({ key, r, always: !mayBeUndefined(nodeOf(schema)) })
    }
    const o = p.name('o')
    const firstMaybe = results.findIndex((entry) => !entry.always)
    const literalPart = firstMaybe === -1 ? results : results.slice(0, firstMaybe)
    const rest = firstMaybe === -1 ? [] : results.slice(firstMaybe)
    lines.push(`const ${o} = { ${literalPart.map(({ key, r }) => `${propertyName(key)}: ${r}`).join(', ')} };`)
    for (const { key, r } of rest) {
      const set = key === '__proto__' ? `$safeSet(${o}, "__proto__", ${r})` : `${o}[${stringLiteral(key)}] = ${r}`
      lines.push(`if (${r} !== undefined) ${set};`)
    }
    if (node.unknownKeys !== 'strip') {
      const k = p.name('k')
      const known = node.keys.length
        ? `switch (${k}) { ${node.keys.map((key) => `case ${stringLiteral(key)}:`).join(' ')} continue }`
        : ''
      if (node.unknownKeys === 'strict') {
        const u = p.name('u')
        lines.push(
          `let ${u}; for (const ${k} in ${x}) { ${known} if ($hasOwn.call(${x}, ${k})) (${u} ??= []).push(${k}) }`,
          `if (${u} !== undefined) iss = $push(iss, $unknownKeysIssue(${pathCode(path)}, ${p.ref(node)}, ${u}));`,
        )
      } else {
        lines.push(
          `for (const ${k} in ${x}) { ${known} if ($hasOwn.call(${x}, ${k})) $safeSet(${o}, ${k}, ${x}[${k}]) }`,
        )
      }
    }
    lines.push(`${out} = ${o} }`)
    return lines.join('\n')
  }

  #record(node: SchemaNode & { kind: 'record' }, x: string, out: string, path: PathExpr, typeIssue: string): string {
    const p = this.program
    const o = p.name('o')
    const k = p.name('k')
    const saved = p.name('sk')
    const keyIssues = p.name('ki')
    const parsedKey = p.name('pk')
    const e = p.name('el')
    const r = p.name('r')
    const at = pathCode(path)
    const lines = [
      `if (typeof ${x} !== "object" || ${x} === null || Array.isArray(${x}) || ${x} instanceof Date) ${typeIssue} else {`,
      `const ${o} = {};`,
      `for (const ${k} in ${x}) { if (!$hasOwn.call(${x}, ${k})) continue;`,
      `const ${saved} = iss; iss = undefined; let ${parsedKey};`,
      this.node(node.key, k, parsedKey, path),
      `const ${keyIssues} = iss; iss = ${saved};`,
      `if (${keyIssues} !== undefined) { iss = $push(iss, $keyIssue(${at}, ${k}, ${keyIssues}[0])); continue }`,
      `const ${e} = ${x}[${k}]; let ${r};`,
      this.node(node.value, e, r, child(path, k)),
      `if (${r} !== undefined) $safeSet(${o}, String(${parsedKey}), ${r}) }`,
    ]
    const required = exhaustiveKeys(nodeOf(node.key))
    if (required) {
      const rk = p.name('rk')
      const u = p.name('un')
      const r2 = p.name('r')
      lines.push(
        `for (const ${rk} of ${p.ref(required)}) { if ($hasOwn.call(${x}, ${rk})) continue; const ${u} = undefined; let ${r2};`,
        this.node(node.value, u, r2, child(path, rk)),
        `if (${r2} !== undefined) $safeSet(${o}, ${rk}, ${r2}) }`,
      )
    }
    lines.push(`${out} = ${o} }`)
    return lines.join('\n')
  }

  #union(node: SchemaNode & { kind: 'union' }, x: string, out: string, path: PathExpr): string {
    const p = this.program
    const saved = p.name('su')
    const done = p.name('ok')
    const perOption = p.name('po')
    const lines = [`const ${saved} = iss; let ${done} = false; const ${perOption} = [];`]
    node.options.forEach((option, index) => {
      const r = p.name('r')
      lines.push(
        `${index === 0 ? '' : `if (!${done}) `}{ iss = undefined; let ${r};`,
        this.node(option, x, r, path),
        `if (iss === undefined) { ${out} = ${r}; ${done} = true } else ${perOption}.push(iss) }`,
      )
    })
    lines.push(
      `iss = ${saved};`,
      `if (!${done}) for (const i of $unionFailure(${pathCode(path)}, ${p.ref(node)}, ${x}, ${perOption})) iss = $push(iss, i);`,
    )
    return lines.join('\n')
  }

  /** The name of the function validating a recursive schema, generated once per `lazy()` call. */
  #lazyFunction(node: LazyNode): string {
    this.usesLazy = true
    const known = this.#lazy.get(node.resolve)
    if (known) return known
    const p = this.program
    const fn = p.name('L')
    const body = p.name('B')
    this.#lazy.set(node.resolve, fn)
    const target = node.resolve()
    const n = p.ref(node.resolve)
    const aw = this.async ? 'await ' : ''
    const fnKeyword = this.async ? 'async function' : 'function'
    p.hoist(
      `${fnKeyword} ${body}(v, p, st) { let iss; let out;\n${this.node(target, 'v', 'out', { base: 'p', segs: [] })}\nreturn iss === undefined ? out : new $Failure(iss) }`,
    )
    p.hoist(
      [
        `${fnKeyword} ${fn}(v, p, st) {`,
        'if (st.depth >= st.maxDepth) return new $Failure([$tooDeepIssue(p.slice(), st.maxDepth)]);',
        `if (typeof v !== "object" || v === null) { st.depth++; const r = ${aw}${body}(v, p, st); st.depth--; return r }`,
        'st.memo ??= new Map();',
        `let seen = st.memo.get(${n}); if (seen === undefined) { seen = new Map(); st.memo.set(${n}, seen) }`,
        'const known = seen.get(v);',
        'if (known === $IN_PROGRESS) return new $Failure([$cyclicIssue(p.slice())]);',
        'if (known instanceof $MemoFailure) return new $Failure(known.replay(p));',
        'if (seen.has(v)) return known;',
        'seen.set(v, $IN_PROGRESS); st.depth++;',
        `const r = ${aw}${body}(v, p, st); st.depth--;`,
        'if (r instanceof $Failure) { seen.set(v, new $MemoFailure(r.issues, p.length)); return r }',
        'seen.set(v, r); return r }',
      ].join('\n'),
    )
    return fn
  }
}

function child(path: PathExpr, seg: string): PathExpr {
  return { base: path.base, segs: [...path.segs, seg] }
}

function pathCode(path: PathExpr): string {
  if (path.base === undefined) return `[${path.segs.join(', ')}]`
  return `[...${path.base}${path.segs.map((s) => `, ${s}`).join('')}]`
}
