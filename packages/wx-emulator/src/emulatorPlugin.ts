import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { devRoutes } from './routes/devRoutes'
import { oauthAuthorizeRoutes } from './routes/oauthAuthorize'
import { wxApiRoutes } from './routes/wxApiRoutes'
import { WxEmulator } from './WxEmulator'
import type { EmulatorOptions } from './WxEmulator'

declare module 'fastify' {
  interface FastifyInstance {
    /** The WeChat emulator's state, present once `emulatorPlugin` is registered. */
    wxEmulator: WxEmulator
  }
}

async function registerEmulator(fastify: FastifyInstance, options: EmulatorOptions): Promise<void> {
  const emulator = new WxEmulator(options)
  fastify.decorate('wxEmulator', emulator)
  // Hung and delayed requests hold their sockets open; release them before the server waits for connections to end.
  fastify.addHook('preClose', (done) => {
    emulator.stalls.releaseAll()
    done()
  })
  await fastify.register(wxApiRoutes, { emulator })
  await fastify.register(devRoutes, { emulator })
  await fastify.register(oauthAuthorizeRoutes, { emulator })
}

/**
 * Serves WeChat's server APIs (`/sns/jscode2session`, `/cgi-bin/stable_token`, `/cgi-bin/token`,
 * `/wxa/business/getuserphonenumber`, `/wxa/checksession`, `/wxa/resetusersessionkey`), the official account's web OAuth
 * (`/connect/oauth2/authorize` with its consent page, `/sns/oauth2/access_token`, `/sns/oauth2/refresh_token`,
 * `/sns/userinfo`, `/sns/auth`) and the `/__emulator/*` tooling, all at the root
 * whatever prefix it is registered with, and decorates the instance with `wxEmulator`. Like a fastify-plugin
 * plugin it skips encapsulation, so the decoration is visible to the host; its routes live in child contexts, so
 * its parsers and error handlers are not.
 *
 * @example
 * await app.register(emulatorPlugin, { appid: DEV_APPID, secret: DEV_SECRET })
 * const { code } = app.wxEmulator.issueLoginCode()
 */
export const emulatorPlugin: FastifyPluginAsync<EmulatorOptions> = Object.assign(registerEmulator, {
  // The two symbols fastify-plugin sets; Fastify reads them directly, so no extra dependency is needed.
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'wx-emulator',
})
