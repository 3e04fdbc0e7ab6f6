import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** A request as a scripted server received it. */
export interface ReceivedRequest {
  readonly method: string
  /** The raw request target, exactly as it arrived on the wire (path and query, still encoded). */
  readonly target: string
  readonly headers: IncomingHttpHeaders
  /** Header names and values as sent, in order. */
  readonly rawHeaders: readonly string[]
  readonly body: string
}

/** What a handler gets: the request (body read), the response, and the request's number (from 1). */
export type ScriptedHandler = (request: ReceivedRequest, res: ServerResponse, n: number, req: IncomingMessage) => void

/** A real local HTTP server that answers as a test script says, and records what it received. */
export interface ScriptedServer {
  readonly url: string
  readonly origin: string
  readonly requests: ReceivedRequest[]
  /** Resolves once `count` requests have arrived. */
  received(count: number): Promise<void>
  close(): Promise<void>
}

/**
 * Starts a server on a free port of 127.0.0.1 (`localhost` names the same server under another
 * origin, for cross-origin redirects).
 */
export async function scriptedServer(handler: ScriptedHandler): Promise<ScriptedServer> {
  const requests: ReceivedRequest[] = []
  const sockets = new Set<Socket>()
  const waiters: Array<{ count: number; resolve: () => void }> = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        target: req.url ?? '',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(request)
      for (const w of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve()
      }
      handler(request, res, requests.length, req)
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    received: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}

/** Answers JSON. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}
