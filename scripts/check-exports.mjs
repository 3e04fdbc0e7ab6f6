// The public surface is explicit: every module folder with an index.ts must be a subpath export,
// and every export must point at files the build produced. Fails the build otherwise.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))
const problems = []

const moduleFolders = [
  ...readdirSync(path.join(root, 'src'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'adapters' && d.name !== 'core' && d.name !== 'cli')
    .map((d) => `src/${d.name}`),
  ...(existsSync(path.join(root, 'src/adapters'))
    ? readdirSync(path.join(root, 'src/adapters'), { withFileTypes: true })
        .filter((d) => d.isDirectory() && d.name !== 'memory')
        .map((d) => `src/adapters/${d.name}`)
    : []),
].filter((dir) => existsSync(path.join(root, dir, 'index.ts')))

const sources = new Set(Object.values(pkg.exports).map((e) => (typeof e === 'object' ? e['kairo-source'] : undefined)))
for (const dir of moduleFolders) {
  if (!sources.has(`./${dir}/index.ts`)) problems.push(`${dir}/index.ts is not exported in package.json "exports"`)
}
for (const [subpath, entry] of Object.entries(pkg.exports)) {
  if (typeof entry !== 'object') continue
  for (const key of ['kairo-source', 'types', 'import']) {
    if (!entry[key]) problems.push(`exports["${subpath}"] has no "${key}"`)
    else if (!existsSync(path.join(root, entry[key])))
      problems.push(`exports["${subpath}"].${key} → ${entry[key]} does not exist`)
  }
}
if (problems.length > 0) {
  console.error(`check-exports: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`)
  process.exit(1)
}
console.log(`check-exports: ${Object.keys(pkg.exports).length - 1} subpath exports verified`)
