import type { MpLaunch } from './mpSuite'

/**
 * One of the app's own Pinia stores, reached as devtools reach it: the app's root instance and its
 * `$pinia`. For scenarios that drive the app from its state rather than its screen (twenty requests
 * at once); `T` names only what the test calls.
 */
export function appStore<T>(launch: MpLaunch, id: string): T {
  const vm = (launch.mp.app as { $vm?: { $pinia?: { _s: Map<string, T> } } } | undefined)?.$vm
  const store = vm?.$pinia?._s.get(id)
  if (!store) throw new Error(`[mp] the app has no Pinia store with the id "${id}"`)
  return store
}
