import { describe, expect, it } from 'vitest'
import { createAuth } from '../../src/createAuth'
import { createRouteGuard, type RouteGuardOptions } from '../../src/guard/createRouteGuard'
import { createFakeRouter } from '../../src/testing/fakeRouter'
import type { NavigationMethod } from '../../src/platform/types'
import { createTestWorld, type TestWorld } from '../../../../tests/src/app/testWorld'

const LOGIN = '/pages/login/login'
const PROFILE = '/pages/profile/profile'
const MINE_TAB = '/pages/mine/mine'
const HOME = '/pages/index/index'

function setup(world: TestWorld = createTestWorld(), overrides: Partial<RouteGuardOptions> = {}) {
  const router = world.platform.router
  const guard = createRouteGuard({
    router,
    session: world.auth.session,
    protectedPages: [PROFILE, MINE_TAB],
    loginPage: LOGIN,
    tabPages: [MINE_TAB],
    homePage: HOME,
    ...overrides,
  })
  guard.install()
  return { ...world, router, guard }
}

/** Lets the guard's deferred login navigation run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

const routesOf = (router: { currentPages(): Array<{ route: string }> }) => router.currentPages().map((p) => p.route)

describe('createRouteGuard', () => {
  it('sends an anonymous user to the login page with the encoded return URL', async () => {
    const { router, auth } = setup()
    await auth.session.ready()

    await router.navigate('navigateTo', `${PROFILE}?from=home&x=a b`)
    await settle()

    expect(routesOf(router)).toEqual([HOME, LOGIN])
    expect(router.history).toEqual([
      { method: 'navigateTo', url: `${LOGIN}?redirect=${encodeURIComponent(`${PROFILE}?from=home&x=a%20b`)}` },
    ])
    expect(router.currentPages()[1]?.query.redirect).toBe(`${PROFILE}?from=home&x=a%20b`)
  })

  it('lets a logged-in user through to a protected page', async () => {
    const { router, auth } = setup()
    await auth.session.login()

    await router.navigate('navigateTo', PROFILE)
    await settle()

    expect(routesOf(router)).toEqual([HOME, PROFILE])
  })

  it('never stops pages that are not protected', async () => {
    const { router, auth } = setup()
    await auth.session.ready()

    await router.navigate('navigateTo', '/pages/about/about')

    expect(routesOf(router)).toEqual([HOME, '/pages/about/about'])
  })

  it('resolves relative URLs before deciding', async () => {
    const { router, auth } = setup()
    await auth.session.ready()

    await router.navigate('navigateTo', '../profile/profile')
    await settle()

    expect(routesOf(router)).toEqual([HOME, LOGIN])
  })

  it('intercepts redirectTo, reLaunch and switchTab as well', async () => {
    for (const [method, target] of [
      ['redirectTo', PROFILE],
      ['reLaunch', PROFILE],
      ['switchTab', MINE_TAB],
    ] as const) {
      const { router, auth } = setup()
      await auth.session.ready()
      await router.navigate(method, target)
      await settle()
      expect(routesOf(router).at(-1)).toBe(LOGIN)
      expect(routesOf(router)).not.toContain(target)
    }
  })

  it('does not stack login pages when triggered repeatedly', async () => {
    const { router, auth } = setup()
    await auth.session.ready()

    await router.navigate('navigateTo', PROFILE)
    await settle()
    await router.navigate('navigateTo', PROFILE)
    await router.navigate('redirectTo', PROFILE)
    await settle()

    expect(routesOf(router)).toEqual([HOME, LOGIN])
    expect(router.history).toHaveLength(1)
  })

  it('does not stack login pages when triggers arrive before the first navigation finished', async () => {
    const world = createTestWorld()
    // uni updates the page stack only once a navigation completes; hold them to model that.
    const held: Array<() => void> = []
    const base = world.platform.router
    const router = {
      ...base,
      navigate: (method: NavigationMethod, url: string) =>
        new Promise<void>((resolve) => held.push(() => void base.navigate(method, url).then(resolve))),
    }
    const guard = createRouteGuard({ router, session: world.auth.session, protectedPages: [PROFILE], loginPage: LOGIN })
    await world.auth.session.ready()

    const first = guard.redirectToLogin(PROFILE)
    const second = guard.redirectToLogin(PROFILE)
    const third = guard.redirectToLogin(`${PROFILE}?again=1`)
    for (const release of held.splice(0)) release()
    await Promise.all([first, second, third])

    expect(base.history).toHaveLength(1)
    expect(routesOf(base)).toEqual([HOME, LOGIN])
  })

  it('goes back to a login page lower in the stack instead of pushing another', async () => {
    const { router, auth } = setup()
    await auth.session.ready()
    await router.navigate('navigateTo', PROFILE)
    await settle()
    await router.navigate('navigateTo', '/pages/terms/terms')

    await router.navigate('navigateTo', PROFILE)
    await settle()

    expect(routesOf(router)).toEqual([HOME, LOGIN])
    expect(router.history.at(-1)?.method).toBe('navigateBack')
  })

  it('lets navigations through while the session restores, and checkPage then keeps the page', async () => {
    const world = createTestWorld()
    await createAuth({ platform: world.platform, baseURL: 'http://127.0.0.1:3000' }).session.login()
    const auth = createAuth({ platform: world.platform, baseURL: 'http://127.0.0.1:3000' })
    const { router, guard } = setup({ ...world, auth })
    expect(auth.session.state.status).toBe('restoring')

    await router.navigate('navigateTo', PROFILE)
    const allowed = await guard.checkPage(PROFILE)

    expect(allowed).toBe(true)
    expect(routesOf(router)).toEqual([HOME, PROFILE])
  })

  it('checkPage replaces a protected first page with the login page when logged out', async () => {
    const world = createTestWorld()
    const router = createFakeRouter(`${PROFILE}?id=7`)
    const guard = createRouteGuard({ router, session: world.auth.session, protectedPages: [PROFILE], loginPage: LOGIN })

    const allowed = await guard.checkPage('pages/profile/profile', { id: '7' })

    expect(allowed).toBe(false)
    expect(router.history).toEqual([{ method: 'redirectTo', url: `${LOGIN}?redirect=${encodeURIComponent(`${PROFILE}?id=7`)}` }])
    expect(routesOf(router)).toEqual([LOGIN])
  })

  it('checkPage waits for a login in flight before deciding', async () => {
    const { guard, auth, router } = setup()
    await auth.session.ready()

    const login = auth.session.login()
    const check = guard.checkPage(PROFILE)
    await login

    expect(await check).toBe(true)
    expect(routesOf(router)).toEqual([HOME])
  })

  it('returns to the recorded page with redirectTo after login', async () => {
    const { router, auth, guard } = setup()
    await auth.session.ready()
    await router.navigate('navigateTo', `${PROFILE}?from=home`)
    await settle()
    const redirect = router.currentPages()[1]?.query.redirect

    await auth.session.login()
    await guard.returnAfterLogin(redirect)

    expect(router.history.at(-1)).toEqual({ method: 'redirectTo', url: `${PROFILE}?from=home` })
    expect(routesOf(router)).toEqual([HOME, PROFILE])
  })

  it('returns to a tab page with switchTab, which takes no query', async () => {
    const { router, auth, guard } = setup()
    await auth.session.ready()
    await router.navigate('switchTab', MINE_TAB)
    await settle()

    await auth.session.login()
    await guard.returnAfterLogin(router.currentPages().at(-1)?.query.redirect)

    expect(router.history.at(-1)).toEqual({ method: 'switchTab', url: MINE_TAB })
    expect(routesOf(router)).toEqual([MINE_TAB])
  })

  it('decodes a return URL that mp-weixin left encoded', async () => {
    const { router, auth, guard } = setup()
    await auth.session.login()

    await guard.returnAfterLogin(encodeURIComponent(`${PROFILE}?a=1`))

    expect(router.history.at(-1)).toEqual({ method: 'redirectTo', url: `${PROFILE}?a=1` })
  })

  it('goes home without a return URL, or when the return URL is the login page or not an app path', async () => {
    for (const redirect of [undefined, '', LOGIN, 'https://evil.example/phish', '%E0%A4%A']) {
      const { router, auth, guard } = setup()
      await auth.session.login()
      await guard.returnAfterLogin(redirect)
      expect(router.history.at(-1)?.url).toBe(HOME)
      expect(routesOf(router)).toEqual([HOME])
    }
  })

  it('stops intercepting after dispose', async () => {
    const { router, auth, guard } = setup()
    await auth.session.ready()
    guard.dispose()

    await router.navigate('navigateTo', PROFILE)

    expect(routesOf(router)).toEqual([HOME, PROFILE])
  })

  it('tells protected URLs apart, query or not', () => {
    const { guard } = setup()
    expect(guard.isProtected(`${PROFILE}?x=1`)).toBe(true)
    expect(guard.isProtected('pages/profile/profile')).toBe(true)
    expect(guard.isProtected(HOME)).toBe(false)
  })
})
