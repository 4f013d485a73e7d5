/**
 * Stand-in for `@dcloudio/uni-app` in the client test project (aliased in vitest.config.ts). The uni
 * runtime is absent under vitest, so lifecycle hooks are recorded here and tests fire them in the
 * order uni would (`emitPageHook('onLoad', query)`, then `emitPageHook('onShow')`).
 */
import { getCurrentInstance, onUnmounted } from 'vue'

type Hook = (arg?: Record<string, unknown>) => unknown

const hooks = new Map<string, Hook[]>()

function lifecycle(name: string) {
  return (hook: Hook): void => {
    const list = hooks.get(name) ?? []
    list.push(hook)
    hooks.set(name, list)
    // A hook dies with its component, as uni's do.
    if (getCurrentInstance()) {
      onUnmounted(() => {
        const current = hooks.get(name) ?? []
        hooks.set(
          name,
          current.filter((h) => h !== hook),
        )
      })
    }
  }
}

export const onLaunch = lifecycle('onLaunch')
export const onLoad = lifecycle('onLoad')
export const onShow = lifecycle('onShow')
export const onHide = lifecycle('onHide')
export const onReady = lifecycle('onReady')
export const onUnload = lifecycle('onUnload')

/** Runs every registered `name` hook with `arg`, waiting for async hooks, in registration order. */
export async function emitPageHook(name: string, arg?: Record<string, unknown>): Promise<void> {
  for (const hook of [...(hooks.get(name) ?? [])]) await hook(arg)
}

/** Forgets every hook; call it in `beforeEach` so each test starts clean. */
export function resetPageHooks(): void {
  hooks.clear()
}
