import type { RandomBytes } from './randomSource'
import { newOpenid, newSessionKey } from './wxIdentifiers'

/** A WeChat user as the emulator knows them. */
export interface EmulatedUser {
  readonly openid: string
  unionid: string | undefined
  /** The user's current session_key (base64 of 16 bytes). */
  sessionKey: string
  /** False once the key was expired on purpose; checksession then fails for it. */
  sessionKeyValid: boolean
}

/** What a `wx.login` stand-in asks for; everything is optional. */
export interface LoginRequest {
  openid?: string
  unionid?: string
  /** Use this key instead of a fresh random one, e.g. to replay WeChat's published test vectors. */
  sessionKey?: string
}

/**
 * The emulator's users. WeChat keeps one valid session_key per user at a time and replaces it whenever the user
 * obtains a new login code, which is what {@link UserBook.login} reproduces.
 */
export class UserBook {
  private readonly users = new Map<string, EmulatedUser>()

  constructor(private readonly random: RandomBytes) {}

  /** Finds a user. */
  get(openid: string): EmulatedUser | undefined {
    return this.users.get(openid)
  }

  /** Creates the user when new and gives them a new current session_key (the given one, or a random one). */
  login(request: LoginRequest): EmulatedUser {
    const openid = request.openid ?? newOpenid(this.random)
    let user = this.users.get(openid)
    if (user === undefined) {
      user = { openid, unionid: undefined, sessionKey: '', sessionKeyValid: true }
      this.users.set(openid, user)
    }
    if (request.unionid !== undefined) user.unionid = request.unionid
    user.sessionKey = request.sessionKey ?? newSessionKey(this.random)
    user.sessionKeyValid = true
    return user
  }

  /** Number of known users. */
  get size(): number {
    return this.users.size
  }
}
