import type { IssueMessageContext } from './configure.js'

/**
 * The English message of an issue when neither the check nor `configure({ messages })` gives one.
 * @internal
 */
export function defaultMessage(issue: IssueMessageContext): string {
  const { expected, received, params } = issue
  switch (issue.code) {
    case 'invalid_type':
      return params.missing ? 'is required' : `expected ${expected}, received ${received}`
    case 'too_small':
    case 'too_big':
      return `must ${describeLimit(issue)}`
    case 'not_integer':
      return 'must be an integer'
    case 'not_finite':
      return 'must be a finite number'
    case 'not_multiple_of':
      return `must be a multiple of ${String(params.step)}`
    case 'invalid_string':
      return `must be ${describeFormat(params)}`
    case 'invalid_date':
      return 'must be a valid date (a Date or an ISO 8601 string)'
    case 'invalid_literal':
      return `must be ${expected}`
    case 'invalid_enum':
      return `must be one of ${expected}`
    case 'unrecognized_keys':
      return `unrecognized keys: ${received}`
    case 'invalid_union':
      return `expected ${expected}, received ${received}`
    case 'invalid_discriminator':
      return `must be one of ${expected}`
    case 'invalid_intersection':
      return 'the two sides of the intersection do not agree'
    case 'invalid_key':
      return 'invalid key'
    case 'too_deep':
      return `nested deeper than ${String(params.maxDepth)} levels`
    case 'cyclic':
      return 'refers to itself'
    case 'unreadable':
      return `could not be read: ${String(params.reason)}`
    case 'custom':
      return 'is invalid'
    case 'async_schema':
      return 'this schema validates asynchronously; use parseAsync'
  }
}

function describeLimit(issue: IssueMessageContext): string {
  const { origin, limit, inclusive } = issue.params
  const small = issue.code === 'too_small'
  const bound = String(limit)
  if (origin === 'string' || origin === 'array') {
    const unit = origin === 'string' ? (bound === '1' ? 'character' : 'characters') : bound === '1' ? 'item' : 'items'
    const exact = issue.expected?.includes('=') && !issue.expected.includes('<') && !issue.expected.includes('>')
    const amount = exact ? `exactly ${bound}` : `${small ? 'at least' : 'at most'} ${bound}`
    return origin === 'string' ? `be ${amount} ${unit} long` : `contain ${amount} ${unit}`
  }
  if (origin === 'date') return `be ${small ? 'on or after' : 'on or before'} ${bound}`
  if (inclusive) return `be ${small ? 'at least' : 'at most'} ${bound}`
  return `be ${small ? 'greater than' : 'less than'} ${bound}`
}

function describeFormat(params: Readonly<Record<string, unknown>>): string {
  switch (params.format) {
    case 'email':
      return 'a valid email address'
    case 'uuid':
      return 'a valid UUID'
    case 'url':
      return 'a valid URL'
    case 'regex':
      return `a string matching /${String(params.pattern)}/`
    case 'startsWith':
      return `a string starting with ${JSON.stringify(params.value)}`
    case 'endsWith':
      return `a string ending with ${JSON.stringify(params.value)}`
    default:
      return 'a valid string'
  }
}
