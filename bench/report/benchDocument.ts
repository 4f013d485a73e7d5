import type { BenchPlan, Section } from '../plan'
import type { MachineInfo } from '../support/machineInfo'
import { renderTable, type Table } from '../support/markdownTable'

/** Everything docs/benchmarks.md is made of. */
export interface BenchDocumentInput {
  machine: MachineInfo
  plan: BenchPlan
  sections: readonly Section[]
  parts: ReadonlyArray<{ section: string; tables: readonly Table[] }>
  minutes: number
}

const HEADINGS: Readonly<Record<string, { title: string; intro: string }>> = {
  roundtrips: {
    title: '1. Round trips per scenario',
    intro:
      'The cost that matters on a phone is network round trips. For each session state, a device is prepared (a first client ' +
      'logs in; the session is then moved into the state), a fresh client launches on that storage, as an app does, and sends N ' +
      'concurrent protected requests (`GET /api/me`). Counted: `uni.login` calls, `POST /api/auth/login` calls, business calls ' +
      '(first tries and retries), failed requests, network calls before the first business call, and the wall time (median). ' +
      'Counts are medians over the repeats; our targets must hold in every repeat.\n\n' +
      'Two backends: the fake platform with the library\'s fake backend (in memory), and the reference server (memory store, ' +
      'login rate limit lifted) with the WeChat emulator mounted, reached over loopback HTTP by `testkit/nodePlatform.ts`. ' +
      '"Expired, client knows" moves one shared clock of server and device past the 30-day cap (fake: the fake clock past 2 h); ' +
      '"expired on the server only" drops every session server-side (`DELETE /__dev/sessions`).\n\n' +
      'Clients: ours (`createAuth`, `autoLogin: \'always\'` so that a cold launch logs in by itself) and two baselines written in ' +
      'bench/roundTrips/ as small behavioural models, not copied code: **one login per failing request** (wafer2-client-sdk: each ' +
      'request without a session, or answered 401, logs in by itself and retries once) and **flag + queue replaying only the ' +
      'first request** (a popular uni-app template: the first 401 logs in and replays itself; 401s arriving while the flag is ' +
      'set are rejected). The baselines, like their originals, do not read `expiresAt`.\n\n' +
      'Our other three ways in have rows of their own: plain `uni.request` through `installRequestInterceptor`, alova 3 + ' +
      '`@alova/adapter-uniapp` with `wx-login-state/alova`, and luch-request with `wx-login-state/luch-request`, next to ' +
      'alova\'s own `createServerTokenAuthentication` configured as alova\'s token-authentication guide shows it ' +
      '(`refreshTokenOnSuccess` and `refreshTokenOnError` with `isExpired` on 401 and a re-login `handler`, `assignToken` from ' +
      'storage). All four run through the model of uni\'s API layer (`withFakeUniRuntime`) over the bench device\'s platform; ' +
      'on the reference server that is real loopback HTTP. Every way in of ours has the same targets: exactly 1 login per burst ' +
      'whenever a login is needed (0 on a valid session), 0 failures, N business calls when the client knows the expiry and at ' +
      'most 2N when only the server does. alova\'s own never reads the expiry the client knows nor logs in first on a cold ' +
      'launch: every request goes out, is refused with 401 and is sent again, so it pays 2N business calls in every state but ' +
      'the valid one. The wall times of both alova rows are mostly alova\'s own request pipeline, which grows faster than N ' +
      'with or without the adapter.',
  },
  overhead: {
    title: '2. Client overhead',
    intro:
      'The target (ratio ≤ 1.5) is read against the library\'s in-memory transport, which does the work a transport does ' +
      '(copies the body as the wire would, arms a timeout, routes and checks the token). The zero-work row is the worst case ' +
      'for any ratio — its denominator is a resolved promise — and shows the client\'s absolute cost per request.',
  },
  bundle: {
    title: '3. Bundle cost',
    intro:
      'The CI budget holds the library\'s files in the demo app\'s `build:mp-weixin` output to the figure recorded in ' +
      '`bench/bundle-budget.json` plus 10%: `npx tsx bench/checkBundleBudget.ts dist/build/mp-weixin` after ' +
      '`npm run build:mp-weixin` (exit 1 when over). Re-record after an intended change with `BENCH_UPDATE_BUDGET=1 npm run bench` ' +
      'and say why in the commit.',
  },
  package: {
    title: '4. The package in a fresh app',
    intro:
      'What an app pays for the installed package, measured the way a user builds: the packed tarball in a fresh uni-app ' +
      'project, not the repository\'s sources.',
  },
  server: {
    title: '5. Server throughput',
    intro: 'Loopback only, every run bounded by time or by a request count.',
  },
}

/** Renders docs/benchmarks.md: machine, date, commands, then each section's method and tables. */
export function benchDocument(input: BenchDocumentInput): string {
  const { machine, plan } = input
  const tables = input.parts.flatMap((p) => p.tables)
  const cells = tables.flatMap((t) => t.rows.flatMap((r) => r))
  const held = cells.filter((c) => c === '✔ holds').length
  const missed = cells.filter((c) => c === '✖ missed').length
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.ts); edit the bench, not this file. -->',
    '',
    'These are benchmarks, not timed tests: machines are noisy, so figures are medians over repeated runs and every ratio is ' +
      'measured side by side in the same run. Run them again on your machine before comparing with these.',
    '',
    '## Machine and run',
    '',
    '| | |',
    '| --- | --- |',
    `| date | ${machine.date} |`,
    `| CPU | ${machine.cpu} |`,
    `| cores | ${machine.cores} |`,
    `| memory | ${machine.memoryGiB} GiB |`,
    `| Node.js | ${machine.node} |`,
    `| OS | ${machine.os} |`,
    `| load average at start (1 min) | ${machine.loadAverage} on ${machine.cores} cores |`,
    `| plan | ${plan.quick ? 'quick (BENCH_QUICK=1)' : 'full'}; sections: ${input.sections.join(', ')}; took ${input.minutes.toFixed(1)} min |`,
    `| targets | ${held} ✔ holds, ${missed} ✖ missed |`,
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm run bench                                  # everything, about 20 minutes on 2 cores; writes this file',
    'BENCH_QUICK=1 npm run bench                    # smoke sizes; writes artifacts/benchmarks.quick.md',
    'BENCH_ONLY=roundtrips,overhead npm run bench   # a subset (roundtrips, overhead, bundle, package, server); artifacts/benchmarks.partial.md',
    'BENCH_ONLY=server BENCH_RECORD=1 npm run bench # full-size sections alone (here the server), replacing theirs below',
    'npm run build:mp-weixin && npx tsx bench/checkBundleBudget.ts dist/build/mp-weixin   # the CI bundle budget',
    '```',
    '',
    'The Redis rows need `redis-server` on PATH (started on a free loopback port, no persistence), the cluster rows `redis-cli` ' +
      'too (three `redis-server --cluster-enabled yes` joined by `redis-cli --cluster create`); without them they are skipped.',
    '',
  ]
  for (const part of input.parts) {
    const heading = HEADINGS[part.section]
    if (heading) lines.push(`## ${heading.title}`, '', heading.intro, '')
    for (const table of part.tables) lines.push(renderTable(table))
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`
}

/**
 * Replaces the sections this run measured (each from its `## N. …` heading to the next `## ` heading, or to the end)
 * in an existing docs/benchmarks.md, each headed by the run's own machine line, for `BENCH_ONLY=… BENCH_RECORD=1`;
 * the other sections keep the figures of the run that wrote them. Throws when the document lacks one of them.
 */
export function replaceSections(document: string, input: BenchDocumentInput): string {
  const { machine } = input
  let out = document
  for (const part of input.parts) {
    const heading = HEADINGS[part.section]
    const at = heading === undefined ? -1 : out.indexOf(`## ${heading.title}`)
    if (heading === undefined || at === -1) throw new Error(`docs/benchmarks.md has no ${part.section} section to replace; run the whole bench`)
    const next = out.indexOf('\n## ', at + 3)
    const lines = [
      `## ${heading.title}`,
      '',
      heading.intro,
      '',
      `Recorded on its own (\`BENCH_ONLY=${input.sections.join(',')} BENCH_RECORD=1\`): ${machine.date}, ${machine.cpu}, ${machine.cores} cores, ` +
        `Node.js ${machine.node}, load average at start ${machine.loadAverage}; the run took ${input.minutes.toFixed(1)} min.`,
      '',
      ...part.tables.map(renderTable),
    ]
    const section = `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`
    out = next === -1 ? `${out.slice(0, at)}${section}` : `${out.slice(0, at)}${section}\n${out.slice(next + 1)}`
  }
  // The summary row counts the verdicts of the whole document, so that it stays true for the sections kept.
  const held = out.match(/\| ✔ holds \|$/gm)?.length ?? 0
  const missed = out.match(/\| ✖ missed \|$/gm)?.length ?? 0
  return out.replace(/^\| targets \| .*\|$/m, `| targets | ${held} ✔ holds, ${missed} ✖ missed (every section, as last recorded) |`)
}
