import type { PrivacyApi, PrivacyResolve } from '../platform/types'

/** A {@link PrivacyApi} whose answers tests control. */
export interface FakePrivacy extends PrivacyApi {
  /** What `getSetting()` reports as `needAuthorization`. */
  needAuthorization: boolean
  /** How many times `openContract()` was called. */
  readonly contractOpened: number
  /**
   * Simulates a privacy-guarded API being called: runs the registered handler, and resolves with the
   * user's answer. Resolves `'agree'` at once when no authorization is needed.
   */
  trigger(referrer?: string): Promise<'agree' | 'disagree'>
}

/** Creates a {@link FakePrivacy}; `supported: false` models a base library without the privacy API. */
export function createFakePrivacy(options: { supported?: boolean; needAuthorization?: boolean } = {}): FakePrivacy {
  let handler: ((resolve: PrivacyResolve, info: { referrer: string }) => void) | null = null
  let contractOpened = 0
  return {
    supported: options.supported ?? true,
    needAuthorization: options.needAuthorization ?? false,
    get contractOpened() {
      return contractOpened
    },
    async getSetting() {
      return { needAuthorization: this.needAuthorization, privacyContractName: '《示例小程序隐私保护指引》' }
    },
    onNeedAuthorization(fn) {
      handler = fn
    },
    async openContract() {
      contractOpened++
    },
    trigger(referrer = 'fake') {
      if (!this.needAuthorization) return Promise.resolve('agree')
      const current = handler
      // WeChat denies a guarded call outright when the page registered no handler.
      if (!current) return Promise.resolve('disagree')
      return new Promise((resolve) => {
        current((result) => {
          if (result.event === 'agree') this.needAuthorization = false
          resolve(result.event)
        }, { referrer })
      })
    },
  }
}
