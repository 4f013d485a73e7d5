/**
 * The one place that says which pages need a login. The guard, the login page and the tests all
 * read these lists; add a page here, not in the page itself.
 */
export const routes = {
  home: '/pages/index/index',
  login: '/pages/login/login',
  profile: '/pages/profile/profile',
  /** The user agreement and the privacy policy (`?doc=user|privacy`); open to everyone. */
  agreement: '/pages/agreement/agreement',
  /** Pages that need a logged-in user. */
  protectedPages: ['/pages/profile/profile'] as readonly string[],
  /** Pages declared under `tabBar` in pages.json (none today; the guard switches tabs for them). */
  tabPages: [] as readonly string[],
} as const
