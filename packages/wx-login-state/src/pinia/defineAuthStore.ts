import { computed, onScopeDispose, shallowRef, type ComputedRef, type ShallowRef } from 'vue'
// NOTE: types only, erased from the JavaScript: the code never imports pinia, so an app without it
// builds; the types give `useAuthStore()` the same store type as the app's own setup stores.
import type { StoreDefinition, _ExtractActionsFromSetupStore, _ExtractGettersFromSetupStore, _ExtractStateFromSetupStore } from 'pinia'
import type { Auth } from '../createAuth'
import { usageError, type AuthError } from '../errors'
import type { LoginInputs } from '../session/sessionManager'
import type { SessionState, User } from '../session/types'

/** What `updateProfile` may change; both fields are optional and applied in one call. */
export interface ProfileUpdate {
  nickname?: string
  /** A temp file path from `chooseAvatar` / `dev.chooseImage()`. */
  avatarFilePath?: string
}

/**
 * What the auth store holds: read-only projections of the session, and actions that delegate to it.
 * `U` is what `login()` resolves with: `null` under a backend description without users.
 */
export interface AuthStoreSetup<U extends User | null = User> {
  status: ComputedRef<SessionState['status']>
  user: ComputedRef<User | null>
  error: ComputedRef<AuthError | null>
  expiresAt: ComputedRef<number | null>
  isLoggedIn: ComputedRef<boolean>
  /** The last `warning` event (e.g. a `StorageError`), or null. */
  warning: ShallowRef<AuthError | null>
  /** `inputs` reach the backend description's login call, e.g. `{ phoneCode }`. */
  login(inputs?: LoginInputs): Promise<U>
  logout(): Promise<void>
  refreshUser(): Promise<User>
  updateProfile(update: ProfileUpdate): Promise<User | null>
  bindPhone(code: string): Promise<User>
}

/**
 * Pinia's `defineStore`, in the one form this function calls (a setup store). Taking it as an
 * argument keeps the library free of any import of `pinia`, so an app without Pinia builds.
 */
export type DefineSetupStore = (id: string, setup: () => AuthStoreSetup<User | null>) => unknown

/** What `defineAuthStore` returns: Pinia's `useAuthStore` for the setup store {@link AuthStoreSetup}. */
export type AuthStoreDefinition<Id extends string = string, U extends User | null = User> = StoreDefinition<
  Id,
  _ExtractStateFromSetupStore<AuthStoreSetup<U>>,
  _ExtractGettersFromSetupStore<AuthStoreSetup<U>>,
  _ExtractActionsFromSetupStore<AuthStoreSetup<U>>
>

/**
 * Defines a Pinia setup store that mirrors `auth.session`: pass Pinia's own `defineStore`
 * (`defineAuthStore(auth, defineStore)`), so the library never imports `pinia` itself and an app
 * without Pinia builds from the same entry. The store keeps no login logic of its own: it follows
 * the session manager's `change` events and delegates every action to the library, so it can never
 * disagree with the session (its projections are read-only getters; write through the actions).
 * Call it once per `Auth` and share the returned `useAuthStore`; another `id` for a second instance.
 */
export function defineAuthStore<Id extends string = 'auth', U extends User | null = User>(
  auth: Auth<U>,
  defineStore: DefineSetupStore,
  id: Id = 'auth' as Id,
): AuthStoreDefinition<Id, U> {
  if (typeof defineStore !== 'function') {
    throw usageError("defineAuthStore(auth, defineStore) needs Pinia's defineStore: import { defineStore } from 'pinia'")
  }
  const definition = defineStore(id, (): AuthStoreSetup<User | null> => {
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
    function login(inputs?: LoginInputs): Promise<User | null> {
      return auth.session.login(inputs)
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
  return definition as AuthStoreDefinition<Id, U>
}
