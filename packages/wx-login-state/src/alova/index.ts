// The `wx-login-state/alova` entry: the login state for alova 3 with @alova/adapter-uniapp. Only an app
// that imports this entry pulls it (and nothing of alova: it is typed structurally) into its build.
export { createTokenAuthentication } from './createTokenAuthentication'
export type { AlovaAuthOptions, AlovaRefreshOption, AlovaResponded, AlovaTokenAuthentication, AlovaUniResponse } from './createTokenAuthentication'
export type { AlovaMethodLike, AlovaMethodRole, AlovaRoleHook, AuthRoleMeta } from './methodRoles'
