import type { BudgetVerdict, BundleBudget } from '../bundle/bundleBudget'
import type { ByteSize } from '../bundle/measureBundle'
import type { BundleDelta, BundleResult } from '../bundle/runBundle'
import { verdict, type Table } from '../support/markdownTable'
import { formatNumber } from '../support/stats'

const b = (s: ByteSize): string => `${formatNumber(s.raw)} / ${formatNumber(s.gzip)}`

function deltaRow(label: string, d: BundleDelta): string[] {
  return [label, b(d.own), b(d.vendor), b(d.total), '—', '—']
}

/** The bundle table: both fixture deltas and the library in the demo app, held to the CI budget. */
export function bundleTable(result: BundleResult, budget: BundleBudget, check: BudgetVerdict): Table {
  const allowed = (n: number) => formatNumber(Math.floor(n * (1 + budget.maxGrowth)))
  const rows = [
    deltaRow('wx-login-state: library fixture − raw fixture', result.library),
    'error' in result.luch
      ? ['luch-request 3.1.1: luch fixture − raw fixture', `not built: ${result.luch.error}`, '—', '—', '—', '—']
      : deltaRow('luch-request 3.1.1: luch fixture − raw fixture', result.luch),
    [
      `wx-login-state in the demo app (${result.demoLibrary.files} files under packages/wx-login-state/src/)`,
      b(result.demoLibrary),
      '0 / 0 (no npm dependencies)',
      b(result.demoLibrary),
      `≤ ${allowed(budget.rawBytes)} / ${allowed(budget.gzipBytes)} (recorded ${formatNumber(budget.rawBytes)} / ${formatNumber(budget.gzipBytes)} + ${budget.maxGrowth * 100}%)`,
      verdict(check.ok),
    ],
  ]
  return {
    title: 'Bundle cost in the mini program (build:mp-weixin, bytes raw / gzip)',
    description:
      'Three fixture apps under bench/fixtures/ make the same two calls (log in, then `GET /api/me`): `raw` with ' +
      '`uni.login`/`uni.request`, `library` with `createAuth`, `luch` with luch-request. Each is built with ' +
      '`UNI_INPUT_DIR=bench/fixtures/<name> uni build -p mp-weixin`; a row is what that fixture adds over `raw`, so it is the ' +
      'library alone. In a fixture the library sits outside the input directory, so uni puts it into `common/vendor.js`; in ' +
      'the demo app it is emitted as its own files under `packages/wx-login-state/src/`, which is what the CI budget measures. gzip is per ' +
      'file at level 9. The demo app uses more of the library (store, guard, privacy gate, account API) than the fixture.',
    headers: ['what', 'own files Δ', 'common/vendor.js Δ', 'total Δ', 'target (CI budget)', 'verdict'],
    rows,
    notes: check.ok ? [] : [`✖ ${check.lines.join('; ')}. Shrink the library, or re-record the budget with a reason.`],
  }
}
