/** Returned by {@link readBody} when the body passed the limit. @internal */
export const TOO_LARGE: unique symbol = Symbol('too large')

const decoder = new TextDecoder()

/**
 * Reads a response body as text, chunk by chunk, and stops (cancelling the download, which closes
 * the connection) as soon as it passes `limit` bytes, so an endless or huge body is never
 * buffered. A `Content-Length` above the limit stops it before the first byte. Rejects like the
 * underlying stream does (a reset connection, an aborted signal).
 *
 * @internal
 */
export async function readBody(response: Response, limit: number): Promise<string | typeof TOO_LARGE> {
  const declared = response.headers.get('content-length')
  if (declared !== null && Number(declared) > limit) {
    await response.body?.cancel().catch(() => {})
    return TOO_LARGE
  }
  const body = response.body
  if (body === null) return ''
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      return TOO_LARGE
    }
    chunks.push(value)
  }
  if (chunks.length === 0) return ''
  return decoder.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size))
}

/** True when a `Content-Type` says JSON (`application/json`, `application/problem+json`, …). @internal */
export function isJsonType(contentType: string | null): boolean {
  if (contentType === null) return false
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase()
  return type === 'application/json' || type.endsWith('+json')
}
