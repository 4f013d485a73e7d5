/**
 * CI's bundle-size budget: measures the library's files (`packages/wx-login-state/src/**`) in an existing
 * `build:mp-weixin` output and exits 1 when raw or gzip bytes grew more than the budget's
 * `maxGrowth` (10%) over the figure recorded in bench/bundle-budget.json.
 *
 * Usage: tsx bench/checkBundleBudget.ts [outDir]   (default dist/build/mp-weixin)
 * Re-record the figure after an intended change with `BENCH_UPDATE_BUDGET=1 npm run bench`.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { checkBudget, parseBudget } from './bundle/bundleBudget'
import { ROOT } from './bundle/buildFixture'
import { measureOutput } from './bundle/measureBundle'

const outDir = path.resolve(ROOT, process.argv[2] ?? 'dist/build/mp-weixin')
const budgetFile = path.join(ROOT, 'bench/bundle-budget.json')

try {
  const budget = parseBudget(JSON.parse(readFileSync(budgetFile, 'utf8')) as unknown)
  const verdict = checkBudget(measureOutput(outDir).library, budget)
  console.log(`library bundle budget (${path.relative(ROOT, outDir) || '.'}, recorded ${budget.recordedAt}):`)
  for (const line of verdict.lines) console.log(`  ${line}`)
  if (!verdict.ok) {
    console.error('✖ bundle budget missed (see above): shrink the library, or re-record with BENCH_UPDATE_BUDGET=1 npm run bench and say why in the commit')
    process.exit(1)
  }
} catch (error) {
  console.error(`✖ bundle budget check failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
