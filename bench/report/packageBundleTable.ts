import { subtractSizes, type ByteSize } from '../bundle/measureBundle'
import type { PackageBundleResult, PackageDelta } from '../bundle/runPackageBundle'
import type { Table } from '../support/markdownTable'
import { formatNumber } from '../support/stats'

const b = (s: ByteSize): string => `${formatNumber(s.raw)} / ${formatNumber(s.gzip)}`
const row = (label: string, d: PackageDelta): string[] => [label, b(d.vendor), b(d.total)]
const built = (label: string, d: PackageDelta | { error: string }): string[] => ('error' in d ? [label, `not built: ${d.error}`, '—'] : row(label, d))
const minus = (a: PackageDelta, c: PackageDelta): PackageDelta => ({ vendor: subtractSizes(a.vendor, c.vendor), total: subtractSizes(a.total, c.total) })

/** What an adapter costs on top of its request library alone and the minimal package use. */
function adapterOnly(label: string, withAdapter: PackageDelta | { error: string }, alone: PackageDelta | { error: string }, minimal: PackageDelta): string[] {
  if ('error' in withAdapter || 'error' in alone) return [label, 'not built', '—']
  return row(label, minus(minus(withAdapter, alone), minimal))
}

/** What a backend preset costs over the minimal use. */
function presetOnly(label: string, withPreset: PackageDelta | { error: string } | undefined, minimal: PackageDelta): string[] {
  if (withPreset === undefined || 'error' in withPreset) return [label, 'not built', '—']
  return row(label, minus(withPreset, minimal))
}

/** The installed package's cost in a fresh app's mini-program output, next to luch-request's. */
export function packageBundleTable(result: PackageBundleResult): Table {
  return {
    title: 'The npm package in a fresh uni-app project (mp-weixin, bytes raw / gzip)',
    description:
      `The tarball of \`npm run pack:lib\` (${result.tarball.file}, ${formatNumber(result.tarball.bytes)} bytes) is installed into a ` +
      'fresh project in the official CLI layout (testkit/freshApp.ts) next to luch-request and alova, and eight apps are built there with ' +
      '`uni build -p mp-weixin`, all making the same two calls (log in, then `GET /api/me`): raw `uni.login`/`uni.request`, ' +
      'the minimal use (`createAuth` + `createUniPlatform` + one request), the full use (the Pinia store, route guard, privacy ' +
      'gate with its popup component, profile helpers, cancellation and the account API), luch-request alone, alova alone, and the minimal use ' +
      'with each request-library adapter, and the minimal use with a backend preset (the alova row includes alova and its uni-app adapter, the luch row luch-request). A row is what that ' +
      'app adds over raw; the package lands in `common/vendor.js` (the popup also adds its own component files). The full row includes ' +
      'Pinia itself, which the raw app does not use. gzip is per file at level 9.',
    headers: ['what', 'common/vendor.js Δ', 'total Δ'],
    rows: [
      row('wx-login-state, minimal: createAuth + createUniPlatform + one request', result.minimal),
      row('wx-login-state, full set incl. the Pinia store (and Pinia itself) and PrivacyPopup', result.full),
      built(`luch-request ${result.luchVersion}: instance + token interceptor`, result.luch),
      built(`wx-login-state + luch-request ${result.luchVersion} with wx-login-state/luch-request`, result.luchAdapter),
      adapterOnly('of which wx-login-state/luch-request: the row above − luch-request alone − minimal', result.luchAdapter, result.luch, result.minimal),
      built(`alova ${result.alovaVersion} + @alova/adapter-uniapp: instance + token in beforeRequest`, result.alova),
      built(`wx-login-state + alova ${result.alovaVersion} + @alova/adapter-uniapp with wx-login-state/alova`, result.alovaAdapter),
      adapterOnly('of which wx-login-state/alova: the row above − alova alone − minimal', result.alovaAdapter, result.alova, result.minimal),
      built('wx-login-state, minimal with the yudao member-app preset of wx-login-state/backends', result.preset ?? { error: 'not measured' }),
      presetOnly('of which the preset: the row above − minimal', result.preset, result.minimal),
    ],
    notes: [],
  }
}
