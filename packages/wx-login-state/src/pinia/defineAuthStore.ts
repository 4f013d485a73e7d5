import { computed, onScopeDispose, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import type { Auth } from '../createAuth'
import type { AuthError } from '../errors'
import type { SessionState, User } from '../session/types'

/** What `updateProfile` may change; both fields are optional and applied in one call. */
export interface ProfileUpdate {
  nickname?: string
  /** A temp file path from `chooseAvatar` / `dev.chooseImage()`. */
  avatarFilePath?: string
}

/**
 * Defines a Pinia setup store that mirrors `auth.session`. The store keeps no login logic of its
 * own: it follows the session manager's `change` events and delegates every action to the library,
 * so the store can never disagree with the session (its projections are read-only getters; write
 * through the actions). Call it once per `Auth` and share the returned `useAuthStore`.
 */
export function defineAuthStore(auth: Auth, id = 'auth') {
  return defineStore(id, () => {
    // The session manager hands out a new frozen snapshot per change, so a shallow ref is enough.
    const snapshot = shallowRef<SessionState>(auth.session.state)
    const warning = shallowRef<AuthError | null>(null)

    const unsubscribe = auth.session.subscribe((event) => {
      if (event.type === 'change') snapshot.value = event.state
      else warning.value = event.error
    })
    // NOTE: runs on `store.$dispose()`; without it a disposed store would keep listening.
    onScopeDispose(unsubscribe)

    const status = computed(() => snapshot.value.status)
    const user = computed(() => snapshot.value.user)
    const error = computed(() => snapshot.value.error)
    const expiresAt = computed(() => snapshot.value.expiresAt)
    const isLoggedIn = computed(() => snapshot.value.status === 'authenticated')

    /** Logs in through the session manager (single-flight); rejects with the typed `AuthError`. */
    function login(): Promise<User> {
      return auth.session.login()
    }

    /** Logs out (best effort on the server, always locally). */
    function logout(): Promise<void> {
      return auth.session.logout()
    }

    /** Reloads the user from `GET /api/me`; the session manager stores it and the store follows. */
    function refreshUser(): Promise<User> {
      return auth.account.me()
    }

    /**
     * Uploads the avatar first, then saves the nickname, so a rejected nickname does not lose an
     * avatar the user already picked. Resolves with the latest user.
     */
    async function updateProfile(update: ProfileUpdate): Promise<User | null> {
      let latest: User | null = snapshot.value.user
      if (update.avatarFilePath !== undefined) latest = await auth.account.uploadAvatar(update.avatarFilePath)
      if (update.nickname !== undefined) latest = await auth.account.updateNickname(update.nickname)
      return latest
    }

    /** Sends the one-time `getPhoneNumber` code to the backend, which resolves and stores the number. */
    function bindPhone(code: string): Promise<User> {
      return auth.account.bindPhone(code)
    }

    return { status, user, error, expiresAt, isLoggedIn, warning, login, logout, refreshUser, updateProfile, bindPhone }
  })
}
