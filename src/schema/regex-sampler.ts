import type { SeededRandom } from './seeded-random.js'

/**
 * Generates strings matching a regular expression, for the common subset used in schemas:
 * literals, escapes (`\d \w \s` and their negations), classes and ranges (`[a-z0-9_]`, `[^…]`),
 * `.`, groups (capturing, `(?:…)`, named), alternation and quantifiers (`* + ? {n} {n,} {n,m}`,
 * lazy or not). Anchors at the ends are accepted. Lookarounds, back-references and word
 * boundaries are not: `sampleRegex` returns `undefined` for them.
 * @internal
 */
export function sampleRegex(source: string, random: SeededRandom): string | undefined {
  try {
    const parser = new RegexParser(source)
    const node = parser.parseAlternation()
    if (parser.pos !== source.length) return undefined
    return generate(node, random)
  } catch (error) {
    if (error instanceof Unsupported) return undefined
    throw error
  }
}

class Unsupported extends Error {}

type RegexNode =
  | { type: 'alt'; options: RegexNode[] }
  | { type: 'seq'; items: RegexNode[] }
  | { type: 'repeat'; node: RegexNode; min: number; max: number }
  | { type: 'chars'; chars: string }
  | { type: 'empty' }

const DIGITS = '0123456789'
const WORD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'
const SPACE = ' '
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')

function complement(chars: string): string {
  return [...PRINTABLE].filter((c) => !chars.includes(c)).join('')
}

class RegexParser {
  pos = 0
  constructor(readonly src: string) {}

  parseAlternation(): RegexNode {
    const options = [this.parseSequence()]
    while (this.src[this.pos] === '|') {
      this.pos++
      options.push(this.parseSequence())
    }
    return options.length === 1 ? options[0]! : { type: 'alt', options }
  }

  parseSequence(): RegexNode {
    const items: RegexNode[] = []
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const c = this.src[this.pos]!
      if (c === '^' || c === '$') {
        this.pos++
        continue
      }
      let atom = this.parseAtom()
      atom = this.parseQuantifier(atom)
      items.push(atom)
    }
    return items.length === 1 ? items[0]! : { type: 'seq', items }
  }

  parseAtom(): RegexNode {
    const c = this.src[this.pos++]!
    if (c === '(') {
      if (this.src[this.pos] === '?') {
        const next = this.src[this.pos + 1]
        if (next === ':') this.pos += 2
        else if (next === '<' && this.src[this.pos + 2] !== '=' && this.src[this.pos + 2] !== '!') {
          this.pos = this.src.indexOf('>', this.pos) + 1
          if (this.pos === 0) throw new Unsupported()
        } else throw new Unsupported()
      }
      const inner = this.parseAlternation()
      if (this.src[this.pos++] !== ')') throw new Unsupported()
      return inner
    }
    if (c === '[') return { type: 'chars', chars: this.parseClass() }
    if (c === '.') return { type: 'chars', chars: WORD }
    if (c === '\\') return { type: 'chars', chars: this.parseEscape() }
    if ('*+?{'.includes(c)) throw new Unsupported()
    return { type: 'chars', chars: c }
  }

  parseEscape(): string {
    const c = this.src[this.pos++]
    switch (c) {
      case 'd':
        return DIGITS
      case 'D':
        return complement(DIGITS)
      case 'w':
        return WORD
      case 'W':
        return complement(WORD)
      case 's':
        return SPACE
      case 'S':
        return complement(' \t')
      case 'n':
        return '\n'
      case 't':
        return '\t'
      case undefined:
      case 'b':
      case 'B':
        throw new Unsupported()
      default:
        if (/[1-9]/.test(c) || c === 'k' || c === 'p' || c === 'P' || c === 'u' || c === 'x' || c === 'c') {
          throw new Unsupported()
        }
        return c
    }
  }

  parseClass(): string {
    let negate = false
    if (this.src[this.pos] === '^') {
      negate = true
      this.pos++
    }
    let chars = ''
    let first = true
    while (this.pos < this.src.length && (this.src[this.pos] !== ']' || first)) {
      first = false
      let c = this.src[this.pos++]!
      if (c === '\\') {
        const escaped = this.parseEscape()
        if (escaped.length > 1) {
          chars += escaped
          continue
        }
        c = escaped
      }
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++
        let end = this.src[this.pos++]!
        if (end === '\\') end = this.parseEscape()
        if (end.length !== 1 || end < c) throw new Unsupported()
        for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) chars += String.fromCharCode(code)
      } else {
        chars += c
      }
    }
    if (this.src[this.pos++] !== ']') throw new Unsupported()
    const set = negate ? complement(chars) : chars
    if (set.length === 0) throw new Unsupported()
    return set
  }

  parseQuantifier(atom: RegexNode): RegexNode {
    const c = this.src[this.pos]
    let min: number
    let max: number
    if (c === '*') [min, max] = [0, Number.POSITIVE_INFINITY]
    else if (c === '+') [min, max] = [1, Number.POSITIVE_INFINITY]
    else if (c === '?') [min, max] = [0, 1]
    else if (c === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos))
      if (!match) return atom
      min = Number(match[1])
      max = match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3])
      this.pos += match[0].length - 1
    } else return atom
    this.pos++
    if (this.src[this.pos] === '?') this.pos++
    return { type: 'repeat', node: atom, min, max }
  }
}

function generate(node: RegexNode, random: SeededRandom): string {
  switch (node.type) {
    case 'alt':
      return generate(random.pick(node.options), random)
    case 'seq':
      return node.items.map((item) => generate(item, random)).join('')
    case 'repeat': {
      const times = random.int(node.min, Math.min(node.max, node.min + 3))
      let out = ''
      for (let i = 0; i < times; i++) out += generate(node.node, random)
      return out
    }
    case 'chars':
      return random.pick([...node.chars])
    case 'empty':
      return ''
  }
}
