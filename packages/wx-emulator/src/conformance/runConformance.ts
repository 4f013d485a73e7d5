import { DEV_APPID, DEV_SECRET } from '../devCredentials'
import { startEmulator } from '../startEmulator'
import type { StartedEmulator } from '../startEmulator'
import { BackendClient } from './BackendClient'
import type { Exchange } from './BackendClient'
import type { ConformanceTarget } from './ConformanceTarget'
import { EmulatorControl } from './EmulatorControl'
import { referenceTarget } from './referenceTarget'
import { RuleFailure } from './Rule'
import type { Rule, RuleContext } from './Rule'
import { RULES } from './rules/index'

/** Options of {@link runConformance}. */
export interface ConformanceOptions {
  /** The backend under test, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string
  /** How the backend speaks; default the reference contract. */
  target?: ConformanceTarget
  /** A WeChat emulator that is already running (and that the backend already calls). Without it one is started. */
  emulatorUrl?: string
  /** Where to start the emulator when `emulatorUrl` is not given; default 4010 on 127.0.0.1. */
  emulatorPort?: number
  /** The appid and AppSecret the backend is configured with; default the dev pair. */
  appid?: string
  secret?: string
  /**
   * The session lifetime (ms) the backend was started with for this run, e.g. 2000. Only then does the runner check
   * that a token dies by time: it waits that long.
   */
  sessionTtlMs?: number
  /** Run only the rules with these names. */
  only?: readonly string[]
  /**
   * Called once the emulator answers, before the first rule, with the one setting the backend needs; the CLI prints
   * it and, when it started the emulator, waits for the backend to come up.
   */
  onEmulatorReady?: (emulatorUrl: string) => void | Promise<void>
}

/** One row of the table. */
export interface RuleResult {
  number: number
  name: string
  title: string
  status: 'pass' | 'fail' | 'skip'
  /** For a failure: what the backend should have done. */
  expected?: string
  /** For a failure: the requests and answers that show it. */
  exchanges?: Exchange[]
  /** For a skip: why the rule does not apply. */
  reason?: string
}

/** The outcome of a run. */
export interface ConformanceReport {
  target: string
  baseUrl: string
  emulatorUrl: string
  results: RuleResult[]
  /** True when no rule failed. */
  passed: boolean
}

async function runRule(rule: Rule, number: number, context: RuleContext): Promise<RuleResult> {
  const row = { number, name: rule.name, title: rule.title }
  try {
    const outcome = await rule.run(context)
    return outcome === undefined ? { ...row, status: 'pass' } : { ...row, status: 'skip', reason: outcome.skipped }
  } catch (error) {
    if (error instanceof RuleFailure) return { ...row, status: 'fail', expected: error.expected, exchanges: error.exchanges }
    return { ...row, status: 'fail', expected: `the rule to run to its end, but: ${error instanceof Error ? error.message : String(error)}`, exchanges: [] }
  }
}

/**
 * Runs the numbered conformance rules against a backend, one after the other, with a WeChat emulator standing in
 * for api.weixin.qq.com (started here unless `emulatorUrl` names a running one). Never throws for a rule that
 * fails: the report says which, with evidence. Throws only when the emulator cannot be started or reached.
 *
 * @example
 * const report = await runConformance({ baseUrl: 'http://127.0.0.1:8080', emulatorUrl: 'http://127.0.0.1:4010' })
 * if (!report.passed) console.log(formatReport(report))
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const target = options.target ?? referenceTarget
  const secret = options.secret ?? DEV_SECRET
  let started: StartedEmulator | undefined
  if (options.emulatorUrl === undefined) {
    started = await startEmulator({
      appid: options.appid ?? DEV_APPID,
      secret,
      port: options.emulatorPort ?? 4010,
      code2SessionPerUserPerMinute: 100,
    })
  }
  const emulatorUrl = options.emulatorUrl ?? started?.url ?? ''
  try {
    const emulator = new EmulatorControl(emulatorUrl)
    await emulator.ping()
    await options.onEmulatorReady?.(emulatorUrl)
    const context: RuleContext = {
      target,
      backend: new BackendClient(options.baseUrl),
      emulator,
      secret,
      ...(options.sessionTtlMs === undefined ? {} : { sessionTtlMs: options.sessionTtlMs }),
    }
    const results: RuleResult[] = []
    for (const [index, rule] of RULES.entries()) {
      if (options.only !== undefined && !options.only.includes(rule.name)) continue
      results.push(await runRule(rule, index + 1, context))
    }
    return { target: target.name, baseUrl: options.baseUrl, emulatorUrl, results, passed: results.every((r) => r.status !== 'fail') }
  } finally {
    await started?.close()
  }
}
