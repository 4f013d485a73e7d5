import type { BackendClient, Exchange } from './BackendClient'
import type { ConformanceTarget, HttpAnswer, TargetRequest } from './ConformanceTarget'
import type { EmulatorControl } from './EmulatorControl'

/** What every rule works with. */
export interface RuleContext {
  target: ConformanceTarget
  backend: BackendClient
  emulator: EmulatorControl
  /** The AppSecret the backend is configured with: no answer may carry it. */
  secret: string
  /** The session lifetime the backend was started with for this run, when it was shortened; else undefined. */
  sessionTtlMs?: number
}

/** A rule's verdict when it could not apply to this backend. */
export interface Skipped {
  skipped: string
}

/** One numbered rule of the conformance run. */
export interface Rule {
  /** A stable kebab-case name, e.g. `code-reuse-refused`. */
  name: string
  /** What the backend must do, as the table prints it. */
  title: string
  /** Resolves when the backend conforms (or with {@link Skipped}); throws a {@link RuleFailure} when it does not. */
  run(context: RuleContext): Promise<void | Skipped>
}

/** A broken rule: what was expected, and the exchanges that show otherwise. */
export class RuleFailure extends Error {
  override readonly name = 'RuleFailure'
  constructor(
    readonly expected: string,
    readonly exchanges: Exchange[],
  ) {
    super(expected)
  }
}

/** Sends `request` and returns the answer together with the exchange, for evidence. */
export async function exchange(context: RuleContext, request: TargetRequest): Promise<{ answer: HttpAnswer; exchange: Exchange }> {
  const answer = await context.backend.send(request)
  return { answer, exchange: { request, answer } }
}

/** Throws a {@link RuleFailure} with `expected` and `exchanges` unless `condition` holds. */
export function expectThat(condition: boolean, expected: string, ...exchanges: Exchange[]): asserts condition {
  if (!condition) throw new RuleFailure(expected, exchanges)
}

/** Logs in with a fresh code (for a new user unless `openid` is given); throws a {@link RuleFailure} without a token. */
export async function logIn(context: RuleContext, openid?: string): Promise<{ token: string; exchange: Exchange; openid: string }> {
  const grant = await context.emulator.loginCode(openid === undefined ? {} : { openid })
  const { answer, exchange: ex } = await exchange(context, context.target.login(grant.code))
  const token = context.target.readToken(answer)
  expectThat(token !== undefined, 'a login with a fresh code answers a token', ex)
  return { token, exchange: ex, openid: grant.openid }
}

/** A request for the authenticated call carrying `token` the backend's way. */
export function withToken(context: RuleContext, token: string): TargetRequest {
  const call = context.target.authenticatedCall
  return { ...call, headers: { ...call.headers, ...context.target.authorize(token) } }
}

/** True when the answer is an HTML page or not parseable JSON: what a client cannot read as an error. */
export function isUnreadable(answer: HttpAnswer): boolean {
  return /text\/html/i.test(answer.headers['content-type'] ?? '') || answer.json === undefined
}
