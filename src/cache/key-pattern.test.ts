import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeGlob, globToRegExp, keyMatcher } from './key-pattern.js'

describe('glob patterns', () => {
  it.each([
    ['user:*', 'user:1', true],
    ['user:*', 'user:', true],
    ['user:*', 'xuser:1', false],
    ['user:?', 'user:12', false],
    ['user:[0-9]', 'user:7', true],
    ['user:[^0-9]', 'user:7', false],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['a.b', 'axb', false],
    ['(x)', '(x)', true],
    ['[unclosed', '[unclosed', true],
  ])('%s against %s is %s', (glob, key, expected) => {
    expect(globToRegExp(glob).test(key)).toBe(expected)
  })

  it('matches any text literally once escaped', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (text, other) => {
        const re = globToRegExp(escapeGlob(text))
        expect(re.test(text)).toBe(true)
        if (other !== text) expect(re.test(other)).toBe(false)
      }),
    )
  })

  it('tests RegExps without carrying state between keys', () => {
    const matches = keyMatcher(/^a/g)
    expect([matches('a1'), matches('a2'), matches('b')]).toEqual([true, true, false])
  })
})
