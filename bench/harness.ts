import os from 'node:os'
import { Bench } from 'tinybench'

/** One contender in a benchmark group. */
export interface BenchCase {
  name: string
  fn: () => unknown
  /** The case others are compared to (ratio 1.00). Defaults to the first case. */
  baseline?: boolean
}

/** How long to measure each case. */
export interface BenchGroupOptions {
  /** Milliseconds of measuring per case. Defaults to 1000. */
  timeMs?: number
  /** Minimum iterations per case. Defaults to 64. */
  iterations?: number
  /** Milliseconds of warm-up per case. Defaults to 200. */
  warmupMs?: number
}

/** One measured row. */
export interface BenchRow {
  name: string
  opsPerSecond: number
  meanMs: number
  p50Ms: number
  p99Ms: number
  /** ops/s of this case divided by ops/s of the baseline: above 1 is faster. */
  ratio: number
  samples: number
}

/**
 * Measures every case of a group in one process run, one after another, and prints a table with
 * ops/s and the ratio to the baseline. Ratios from one run are what the docs quote.
 *
 * @example
 * ```ts
 * await benchGroup('uuid', [{ name: 'kairo uuidv7', fn: uuidv7 }, { name: 'crypto.randomUUID', fn: () => crypto.randomUUID(), baseline: true }])
 * ```
 */
export async function benchGroup(
  title: string,
  cases: BenchCase[],
  options: BenchGroupOptions = {},
): Promise<BenchRow[]> {
  const bench = new Bench({
    name: title,
    time: options.timeMs ?? 1000,
    iterations: options.iterations ?? 64,
    warmup: true,
    warmupTime: options.warmupMs ?? 200,
  })
  for (const c of cases) bench.add(c.name, c.fn)
  await bench.run()
  const rows = bench.tasks.map((task) => {
    const result = task.result as {
      state: string
      throughput?: { mean: number }
      latency?: { mean: number; p50: number; p99: number; samplesCount?: number }
      error?: unknown
    }
    if (result.state !== 'completed' || !result.throughput || !result.latency) {
      throw new Error(`benchmark case "${task.name}" did not complete: ${String(result.error ?? result.state)}`)
    }
    return {
      name: task.name,
      opsPerSecond: result.throughput.mean,
      meanMs: result.latency.mean,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      ratio: 1,
      samples: task.runs,
    }
  })
  const baselineIndex = Math.max(
    0,
    cases.findIndex((c) => c.baseline),
  )
  const base = rows[baselineIndex]!.opsPerSecond
  for (const row of rows) row.ratio = row.opsPerSecond / base
  printTable(title, rows, cases[baselineIndex]!.name)
  return rows
}

/** Prints a group as an aligned table followed by the same rows in Markdown, ready for docs/benchmarks.md. */
export function printTable(title: string, rows: BenchRow[], baselineName: string): void {
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3))
  const lines = rows.map((r) => [
    r.name,
    fmt(r.opsPerSecond),
    fmtTime(r.meanMs),
    fmtTime(r.p99Ms),
    `${r.ratio.toFixed(2)}x`,
  ])
  const header = ['case', 'ops/s', 'mean', 'p99', `vs ${baselineName}`]
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  console.log(`\n## ${title}`)
  console.log(header.map((h, i) => h.padEnd(widths[i]!)).join('  '))
  for (const l of lines)
    console.log(l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
  console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`)
  for (const l of lines) console.log(`| ${l.join(' | ')} |`)
}

function fmtTime(ms: number): string {
  if (ms >= 1) return `${ms.toFixed(2)} ms`
  if (ms >= 0.001) return `${(ms * 1000).toFixed(2)} µs`
  return `${(ms * 1e6).toFixed(0)} ns`
}

/** A line describing the machine, printed at the top of every run. */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  return `${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${os.cpus().length} × ${cpu} · ${Math.round(os.totalmem() / 2 ** 30)} GiB`
}
