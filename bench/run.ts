/**
 * `npm run bench -- <area>`: runs `bench/<area>.bench.ts`, whose default export measures Kairo
 * side by side with the libraries a user would otherwise pick. Without an area, lists them.
 */
import { readdirSync } from 'node:fs'
import { machineLine } from './harness.js'

const areas = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort()

const area = process.argv[2]
if (!area || !areas.includes(area)) {
  console.error(`usage: npm run bench -- <area>\nareas: ${areas.join(', ')}`)
  process.exit(area ? 1 : 0)
}
console.log(`# kairo bench: ${area}\n${machineLine()}`)
const module = (await import(`./${area}.bench.ts`)) as { default: (args: string[]) => Promise<void> }
await module.default(process.argv.slice(3))
process.exit(0)
