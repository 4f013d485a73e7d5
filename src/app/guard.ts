import { createRouteGuard } from 'wx-login-state'
import { auth } from './auth'
import { routes } from './routes'

/** The app's route guard, built from the one list of protected pages in `routes.ts`. */
export const guard = createRouteGuard({
  router: auth.platform.router,
  session: auth.session,
  protectedPages: routes.protectedPages,
  loginPage: routes.login,
  tabPages: routes.tabPages,
  homePage: routes.home,
})
