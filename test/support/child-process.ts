import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

/** The repository root, for spawning scripts as `npm start` does. */
export const repoRoot = path.resolve(import.meta.dirname, '../..')

/** A child process running a TypeScript entry point with Kairo resolved from source, as `npm start` does. */
export interface SpawnedScript {
  readonly child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves with the first stdout line matching `pattern` (or rejects after `timeoutMs`). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** Resolves with the exit code (or the signal name) once the process ends. */
  exited(): Promise<number | string>
}

/** Spawns `node --conditions=kairo-source --import tsx <entry>` with extra environment variables. */
export function spawnScript(entry: string, env: Record<string, string | undefined> = {}): SpawnedScript {
  const child = spawn(process.execPath, ['--conditions=kairo-source', '--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d) => {
    out += d
  })
  child.stderr?.on('data', (d) => {
    err += d
  })
  const exit = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  )
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    waitForLine(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern)
          if (match) {
            cleanup()
            resolve(match)
          }
        }
        const timer = setTimeout(() => {
          cleanup()
          reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`))
        }, timeoutMs)
        const onExit = () => {
          cleanup()
          reject(new Error(`process exited before printing ${pattern}; stdout: ${out}; stderr: ${err}`))
        }
        const cleanup = () => {
          clearTimeout(timer)
          child.stdout?.off('data', check)
          child.off('exit', onExit)
        }
        child.stdout?.on('data', check)
        child.once('exit', onExit)
        check()
      })
    },
  }
}
