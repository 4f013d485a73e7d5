import type { PrivacyApi, PrivacyResolve } from '../platform/types'

/** `pending`: WeChat is waiting for the user to agree before a privacy API may run; `none`: nothing asked. */
export type PrivacyGateStatus = 'pending' | 'none'

/** A snapshot of the gate, handed to listeners. */
export interface PrivacyGateState {
  status: PrivacyGateStatus
  /** The page that triggered the request, as WeChat reports it ('' when unknown). */
  referrer: string
}

/** Holds WeChat's pending privacy request until the user answers it in the app's own popup. */
export interface PrivacyGate {
  readonly supported: boolean
  readonly state: PrivacyGateState
  /** Registers the one global `onNeedPrivacyAuthorization` handler. Idempotent. */
  install(): void
  /**
   * Answers every pending request with "agree". Call it from the `agreeprivacyauthorization` event
   * of the `open-type="agreePrivacyAuthorization"` button whose id is `buttonId`: WeChat checks that
   * a real tap on that button happened.
   */
  agree(buttonId: string): void
  /** Answers every pending request with "disagree"; the privacy API that asked then fails. */
  disagree(): void
  /** Shows the privacy guide (《隐私保护指引》) the app declared in the admin console. */
  openContract(): Promise<void>
  /** The guide's display name, e.g. 《XX小程序隐私保护指引》; '' where unsupported or unknown. */
  contractName(): Promise<string>
  subscribe(listener: (state: PrivacyGateState) => void): () => void
}

/**
 * Creates the privacy gate. WeChat triggers its handler once per privacy API call made while the
 * user has not agreed yet, and keeps each call waiting until its `resolve` runs; the gate therefore
 * queues every resolve and answers them all at once, so a popup shown for several triggers never
 * leaves a call hanging. On platforms without the privacy API (H5, old base libraries) the gate
 * stays `none` and every method is a harmless no-op.
 */
export function createPrivacyGate(privacy: PrivacyApi): PrivacyGate {
  let installed = false
  let pending: PrivacyResolve[] = []
  let state: PrivacyGateState = Object.freeze({ status: 'none', referrer: '' })
  const listeners = new Set<(state: PrivacyGateState) => void>()

  function setState(next: PrivacyGateState): void {
    state = Object.freeze(next)
    for (const listener of [...listeners]) listener(state)
  }

  function settle(result: Parameters<PrivacyResolve>[0]): void {
    const waiting = pending
    pending = []
    for (const resolve of waiting) resolve(result)
    if (state.status !== 'none') setState({ status: 'none', referrer: '' })
  }

  return {
    get supported() {
      return privacy.supported
    },
    get state() {
      return state
    },
    install() {
      if (installed || !privacy.supported) return
      installed = true
      privacy.onNeedAuthorization((resolve, info) => {
        pending.push(resolve)
        setState({ status: 'pending', referrer: info.referrer })
      })
    },
    agree(buttonId) {
      settle({ event: 'agree', buttonId })
    },
    disagree() {
      settle({ event: 'disagree' })
    },
    async openContract() {
      if (privacy.supported) await privacy.openContract()
    },
    async contractName() {
      if (!privacy.supported) return ''
      const setting = await privacy.getSetting()
      return setting.privacyContractName
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
