/**
 * The browser objects the web OAuth adapter needs, behind one small interface so that the adapter is testable with
 * a stand-in and only this file touches `window`, `location`, `history`, `sessionStorage` and `navigator`.
 */
export interface WebRuntime {
  /** `navigator.userAgent`, `''` outside a browser. */
  userAgent(): string
  /** The current address, `location.href`. */
  href(): string
  /** Replaces the address without a load or a history entry (`history.replaceState`). */
  replaceURL(url: string): void
  /** Leaves the page for `url` (`location.assign`). */
  navigate(url: string): void
  /** Per-tab storage (`sessionStorage`): survives the redirect round trip, not the tab. Absent values are null. */
  session: {
    get(key: string): string | null
    set(key: string, value: string): void
    remove(key: string): void
  }
  /** `length` random letters and digits from the browser's CSPRNG. */
  randomState(length: number): string
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** The browser globals used here, typed locally: the library compiles without the DOM library. */
interface BrowserGlobals {
  navigator?: { userAgent: string }
  location: { href: string; assign(url: string): void }
  history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void }
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void }
  crypto: { getRandomValues(array: Uint8Array): Uint8Array }
}

function browser(): BrowserGlobals {
  return globalThis as unknown as BrowserGlobals
}

/**
 * The real browser runtime, resolved lazily on each call because the module may load before a window exists (tests,
 * SSR). Storage failures (private mode, quota) read as absent and writes are dropped; the adapter then reports a
 * missing state instead of crashing.
 */
export function browserRuntime(): WebRuntime {
  return {
    userAgent: () => browser().navigator?.userAgent ?? '',
    href: () => browser().location.href,
    replaceURL: (url) => browser().history.replaceState(browser().history.state, '', url),
    navigate: (url) => browser().location.assign(url),
    session: {
      get(key) {
        try {
          return browser().sessionStorage.getItem(key)
        } catch {
          return null
        }
      },
      set(key, value) {
        try {
          browser().sessionStorage.setItem(key, value)
        } catch {
          // Storage disabled: the state cannot survive the redirect and the return reports a missing state.
        }
      },
      remove(key) {
        try {
          browser().sessionStorage.removeItem(key)
        } catch {
          // Nothing stored, nothing to remove.
        }
      },
    },
    randomState(length) {
      // Rejection sampling keeps every character equally likely.
      let out = ''
      while (out.length < length) {
        for (const byte of browser().crypto.getRandomValues(new Uint8Array(length * 2))) {
          if (byte < 248 && out.length < length) out += ALNUM[byte % ALNUM.length]
        }
      }
      return out
    },
  }
}

/** True in WeChat's built-in browser (`MicroMessenger` in the user agent), but not in WeCom, whose OAuth differs. */
export function isWeChatBrowser(userAgent: string): boolean {
  return /MicroMessenger/i.test(userAgent) && !/wxwork/i.test(userAgent)
}
