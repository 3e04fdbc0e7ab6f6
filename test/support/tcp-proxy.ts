import net from 'node:net'

/** A TCP proxy in front of a real server, to simulate an outage without stopping the shared server. */
export interface TcpProxy {
  /** The local port clients should connect to. */
  readonly port: number
  /** Drops every open connection and refuses new ones (connections are reset), as if the server died. */
  cut(): void
  /** Accepts connections again, as if the server came back. */
  restore(): void
  /** Whether the proxy currently refuses connections. */
  readonly isCut: boolean
  close(): Promise<void>
}

/**
 * Starts a proxy on a free local port forwarding to `target`.
 *
 * @example
 * ```ts
 * const proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 })
 * const redis = new Redis(proxy.port)
 * proxy.cut()     // Redis "goes down"
 * proxy.restore() // and comes back
 * ```
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>()
  let cut = false
  const server = net.createServer((client) => {
    if (cut) {
      client.resetAndDestroy()
      return
    }
    const upstream = net.connect(target)
    sockets.add(client).add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on('error', drop).on('close', drop)
    upstream.on('error', drop).on('close', drop)
    client.pipe(upstream)
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    port,
    get isCut() {
      return cut
    },
    cut() {
      cut = true
      for (const socket of sockets) socket.resetAndDestroy()
      sockets.clear()
    },
    restore() {
      cut = false
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
