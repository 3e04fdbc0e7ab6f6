import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'

/** A running HTTP server and the way to stop it gently. */
export interface RunningServer {
  readonly port: number
  /** Stops accepting connections and resolves once requests under way have been answered. */
  stop(): Promise<void>
}

/**
 * Serves a Fetch handler on Node's `http` through `@hono/node-server`. Resolves once listening;
 * rejects with a one-line explanation when the port is taken or not allowed.
 */
export function startHttpServer(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '0.0.0.0' }) as Server
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} is already in use; set PORT to a free port`))
      else if (error.code === 'EACCES') reject(new Error(`not allowed to listen on port ${port}; set PORT above 1023`))
      else reject(error)
    })
    server.once('listening', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        stop: () =>
          new Promise<void>((done) => {
            server.close(() => done()) // waits for requests under way
            server.closeIdleConnections() // keep-alive sockets with nothing in flight go now
          }),
      })
    })
  })
}
