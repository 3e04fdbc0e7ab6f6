/**
 * Renders a string as a JavaScript string literal that is safe to splice into generated code,
 * whatever it contains: quotes, backslashes, backticks, `${`, control characters, lone surrogates,
 * and the line separators U+2028/U+2029. Only keys and literal values of a schema are spliced
 * this way; messages, patterns and functions reach generated code as closure references.
 * @internal
 */
export function stringLiteral(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'))
}

/** A finite number as a JavaScript literal (keeping `-0`), or `undefined` when it has none. @internal */
export function numberLiteral(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined
  return Object.is(value, -0) ? '-0' : String(value)
}
