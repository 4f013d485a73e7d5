/** Why a code could not be redeemed. */
export type RedeemFailure = 'unknown' | 'used' | 'expired'

/** The outcome of {@link CodeBook.redeem}. */
export type RedeemResult<T> = { ok: true; value: T; issuedAt: number } | { ok: false; reason: RedeemFailure }

interface Entry<T> {
  value: T
  issuedAt: number
  used: boolean
}

/**
 * Single-use codes with a time to live, as WeChat issues them for `wx.login` and getPhoneNumber.
 * A redeemed code is remembered for `retainMs` after issue so a second attempt is told "used" rather than
 * "unknown"; after that it is forgotten, which keeps memory bounded under long soak runs.
 */
export class CodeBook<T> {
  private readonly entries = new Map<string, Entry<T>>()

  constructor(
    private readonly ttlMs: number,
    private readonly retainMs: number,
    private readonly now: () => number,
  ) {}

  /** Records a code carrying `value`, issued now or at `issuedAt` (in the past for a code that is already expired). */
  add(code: string, value: T, issuedAt: number = this.now()): void {
    this.prune()
    this.entries.set(code, { value, issuedAt, used: false })
  }

  /** What a live, unused code carries, without consuming it; undefined for any code `redeem` would refuse. */
  peek(code: string): T | undefined {
    const entry = this.entries.get(code)
    if (entry === undefined || entry.used || this.now() >= entry.issuedAt + this.ttlMs) return undefined
    return entry.value
  }

  /** The code's time to live in milliseconds. */
  get ttl(): number {
    return this.ttlMs
  }

  /** Consumes `code`: succeeds once within the TTL, then reports why it cannot succeed again. */
  redeem(code: string): RedeemResult<T> {
    this.prune()
    const entry = this.entries.get(code)
    if (entry === undefined) return { ok: false, reason: 'unknown' }
    if (entry.used) return { ok: false, reason: 'used' }
    if (this.now() >= entry.issuedAt + this.ttlMs) return { ok: false, reason: 'expired' }
    entry.used = true
    return { ok: true, value: entry.value, issuedAt: entry.issuedAt }
  }

  /** Number of codes still remembered. */
  get size(): number {
    return this.entries.size
  }

  // Map iteration follows insertion order, which is issue order, so the oldest entries sit at the front.
  private prune(): void {
    const cutoff = this.now() - this.retainMs
    for (const [code, entry] of this.entries) {
      if (entry.issuedAt > cutoff) break
      this.entries.delete(code)
    }
  }
}
