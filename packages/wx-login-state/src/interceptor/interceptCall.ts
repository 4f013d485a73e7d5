import { AuthError, LoginFailedError, LoginRequiredError } from '../errors'
import type { ExpiryContext } from '../request/types'
import { redactURL } from '../transport/url'
import type { InterceptedApi, InterceptedCall, InterceptedFailure, InterceptedSuccess, InterceptedTask, PlatformInterceptors } from '../platform/types'
import { createDeferredTask } from './deferredTask'
import type { DeferredTask } from './deferredTask'
import { expiryContextOf } from './expiryContext'
import type { RequestAccess } from './types'
import { takeCallbacks } from './userCallbacks'

/** What `fail` receives when the library, not the network, fails the call: WeChat's shape plus the typed error. */
export interface InterceptedAuthFailure extends InterceptedFailure {
  /** The typed error: `LoginRequiredError`, `LoginFailedError`, `CancelledError`, … */
  error: AuthError
}

/** What one intercepted call needs from the installed interceptor. */
export interface InterceptContext {
  api: InterceptedApi
  tokens: Pick<RequestAccess, 'peekToken' | 'getToken' | 'handleExpired'>
  primitive: PlatformInterceptors
  isSessionExpired: (ctx: ExpiryContext) => boolean
  /** Places the token as the backend description says. */
  withToken: RequestAccess['withToken']
}

/**
 * Takes over one call for the backend: sends it with the token at once when the session is ready
 * (`undefined`: the runtime goes on and returns its real task), or stops it and returns the
 * stand-in task while it waits for the restore or a login, then sends it itself. A session expiry
 * runs the one shared re-login and sends the call exactly once more; the app's callbacks (or its
 * promise) settle exactly once, with the final answer or a failure that carries the typed error.
 */
export function interceptCall(
  ctx: InterceptContext,
  call: InterceptedCall,
): { stopped: false; adopt: (task: unknown) => void } | { stopped: true; task: InterceptedTask } {
  const { api, tokens, primitive } = ctx
  const user = takeCallbacks(call)
  // The app's fields as it passed them; every attempt starts from a fresh copy of them.
  const fields: InterceptedCall = { ...call, header: { ...call.header } }
  const label = () => `${api === 'uploadFile' ? 'POST' : String(call.method ?? 'GET').toUpperCase()} ${redactURL(call.url)}`
  const failWith = (error: unknown) => user.fail(failureOf(api, error))
  // Read once, synchronously: a token now means the runtime may send the call as it is.
  const ready = tokens.peekToken()
  // Every attempt's task is reached through this one: an abort stops whichever attempt is running, or, between
  // attempts, fails the call at once and keeps the retry from being sent.
  const deferred = createDeferredTask(() => user.fail({ errMsg: `${api}:fail abort` }))

  function arm(target: InterceptedCall, token: string, attempt: number): InterceptedCall {
    target.header = ctx.withToken(target.header, token)
    target.success = (result) => {
      deferred.detach()
      onAnswer(result, token, attempt)
    }
    target.fail = (result) => {
      deferred.detach()
      user.fail(result)
    }
    return target
  }

  function send(token: string, attempt: number): void {
    if (user.settled || deferred.aborted) return
    const task = primitive.send(api, arm({ ...fields, header: { ...fields.header } }, token, attempt))
    deferred.attach(task)
  }

  function onAnswer(result: InterceptedSuccess, token: string, attempt: number): void {
    let expired: boolean
    try {
      expired = ctx.isSessionExpired(expiryContextOf(result))
    } catch (error) {
      return failWith(error)
    }
    if (!expired) return user.succeed(result)
    // Bounded structurally: the retry is attempt 1, and attempt 1 never re-logs in.
    if (attempt > 0) return failWith(new LoginRequiredError(`${label()} failed: the session expired again right after a re-login`))
    tokens.handleExpired(token).then((next) => send(next, 1), failWith)
  }

  if (ready !== undefined) {
    arm(call, ready, 0)
    return { stopped: false, adopt: (task) => adoptTask(task, deferred) }
  }
  tokens.getToken().then((next) => send(next, 0), failWith)
  return { stopped: true, task: deferred.task }
}

/**
 * Hands the runtime's own task of a call sent at once to `deferred`, so that a retry after an expiry is reached
 * through it too. The app keeps the runtime's task object (with every method it has, chunk listeners included);
 * only its `abort` and progress and header listeners are routed through `deferred`, which replays the listeners
 * on the retry's task and aborts whichever attempt is running.
 */
function adoptTask(task: unknown, deferred: DeferredTask): void {
  if (typeof task !== 'object' || task === null || typeof (task as InterceptedTask).abort !== 'function') return
  const real = task as InterceptedTask
  const first: InterceptedTask = { abort: real.abort.bind(real) }
  const routed: Partial<InterceptedTask> = { abort: () => deferred.task.abort() }
  for (const method of LISTENER_METHODS) {
    const own = real[method]
    if (typeof own !== 'function') continue
    first[method] = own.bind(real) as Listen
    routed[method] = (listener?: (value: unknown) => void) => (deferred.task[method] as Listen | undefined)?.(listener)
  }
  try {
    Object.assign(real, routed)
  } catch {
    // A runtime whose task objects are frozen keeps its own task: the call works, only an abort after an expiry
    // no longer reaches the retry.
    return
  }
  deferred.attach(first)
}

const LISTENER_METHODS = ['onProgressUpdate', 'offProgressUpdate', 'onHeadersReceived', 'offHeadersReceived'] as const
type Listen = (listener?: (value: unknown) => void) => void

/** WeChat's failure shape for a failure of the library, with the typed error attached. */
function failureOf(api: InterceptedApi, error: unknown): InterceptedAuthFailure {
  const typed =
    error instanceof AuthError
      ? error
      : new LoginFailedError({ reason: 'network', message: error instanceof Error ? error.message : String(error) }, { cause: error })
  return { errMsg: `${api}:fail ${typed.message}`, error: typed }
}
