/**
 * A key pattern: a glob (`user:*`, `user:?`, `user:[ab]*`, with `\` escaping, as Redis `MATCH`
 * reads it) or a regular expression tested against the key without its namespace.
 *
 * @example
 * ```ts
 * await cache.invalidateByPattern('user:*')
 * await cache.invalidateByPattern(/^user:\d+$/)
 * ```
 */
export type KeyPattern = string | RegExp

const SPECIAL = /[.+^${}()|\\/]/

/**
 * The regular expression a glob means, anchored at both ends, with the semantics of Redis `MATCH`:
 * `*` any run of characters, `?` one character, `[abc]` / `[a-z]` / `[^a]` a class, `\x` a literal `x`.
 *
 * @example
 * ```ts
 * globToRegExp('user:*').test('user:42') // true
 * globToRegExp('a\\*').test('a*') // true, and not 'ab'
 * ```
 */
export function globToRegExp(glob: string): RegExp {
  let source = '^'
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!
    if (c === '\\' && i + 1 < glob.length) {
      source += escapeChar(glob[++i]!)
    } else if (c === '*') {
      source += '[\\s\\S]*'
    } else if (c === '?') {
      source += '[\\s\\S]'
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2)
      if (end === -1) {
        source += '\\['
        continue
      }
      let body = glob.slice(i + 1, end)
      const negate = body.startsWith('^')
      if (negate) body = body.slice(1)
      source += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`
      i = end
    } else {
      source += escapeChar(c)
    }
  }
  return new RegExp(`${source}$`)
}

function escapeChar(c: string): string {
  return SPECIAL.test(c) || c === '[' || c === ']' || c === '*' || c === '?' ? `\\${c}` : c
}

/**
 * `text` with every glob metacharacter escaped, so a glob matches it literally (for key prefixes
 * placed in front of a user's glob).
 *
 * @example
 * ```ts
 * escapeGlob('ns[1]:') // 'ns\\[1\\]:'
 * ```
 */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (m) => `\\${m}`)
}

/**
 * A predicate testing keys (without their prefix) against `pattern`.
 *
 * @example
 * ```ts
 * keyMatcher('user:*')('user:1') // true
 * ```
 */
export function keyMatcher(pattern: KeyPattern): (key: string) => boolean {
  const re =
    typeof pattern === 'string' ? globToRegExp(pattern) : new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
  return (key) => re.test(key)
}
