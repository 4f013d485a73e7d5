/**
 * The part of an alova 3 `Method` the adapter uses, typed structurally so that the library does not
 * depend on alova's generics (or on alova at all, at run time). alova's own `Method` satisfies it, and the
 * wrappers hand your callbacks alova's type, not this one.
 */
export interface AlovaMethodLike {
  url: string
  baseURL: string
  meta?: unknown
  config: { headers: Record<string, unknown>; transform?: unknown }
  send(forceRequest?: boolean): Promise<unknown>
}

/** A meta pattern, as alova's `metaMatches` / `visitorMeta`: every key must be present on the method's meta with that value. */
export type AuthRoleMeta = Record<string, unknown>

/** alova's `login` / `logout` option: a hook, or `{ metaMatches, handler }` to recognise the method by another meta. */
export type AlovaRoleHook<R> =
  | ((response: R, method: AlovaMethodLike) => void | Promise<void>)
  | { metaMatches?: AuthRoleMeta; handler: (response: R, method: AlovaMethodLike) => void | Promise<void> }

/** What a method is for the adapter: alova's roles, or an ordinary authenticated call. */
export type AlovaMethodRole = 'visitor' | 'login' | 'logout' | 'refreshToken' | 'authenticated'

/** True when `method.meta` has every key of `pattern` with the same value (alova's `checkMethodRole`). */
export function matchesMeta(method: AlovaMethodLike, pattern: AuthRoleMeta): boolean {
  const meta = method.meta
  if (typeof meta !== 'object' || meta === null) return false
  return Object.entries(pattern).every(([key, value]) => key in meta && (meta as Record<string, unknown>)[key] === value)
}

/** The role of `method`: visitor first (`{ auth: false }` always counts), then login, logout, refresh. */
export function roleOf(
  method: AlovaMethodLike,
  roles: { visitorMeta?: AuthRoleMeta; login?: AlovaRoleHook<never>; logout?: AlovaRoleHook<never>; refreshMetas: Array<AuthRoleMeta | undefined> },
): AlovaMethodRole {
  const metaOf = (hook: AlovaRoleHook<never> | undefined, fallback: AuthRoleMeta) => (typeof hook === 'object' && hook.metaMatches) || fallback
  if (matchesMeta(method, { auth: false }) || matchesMeta(method, roles.visitorMeta ?? { authRole: null })) return 'visitor'
  if (matchesMeta(method, metaOf(roles.login, { authRole: 'login' }))) return 'login'
  if (matchesMeta(method, metaOf(roles.logout, { authRole: 'logout' }))) return 'logout'
  const refresh = roles.refreshMetas.filter((m): m is AuthRoleMeta => m !== undefined)
  if ((refresh.length > 0 ? refresh : [{ authRole: 'refreshToken' }]).some((pattern) => matchesMeta(method, pattern))) return 'refreshToken'
  return 'authenticated'
}
