import type { FastifyInstance } from 'fastify'
import type { WxEmulator } from '../WxEmulator'
import { wxErrorBody } from '../wxErrors'

/** WeChat's API paths the emulator serves, with the one method each accepts. */
export const WX_ROUTES: Readonly<Record<string, 'GET' | 'POST'>> = {
  '/sns/jscode2session': 'GET',
  '/cgi-bin/token': 'GET',
  '/cgi-bin/stable_token': 'POST',
  '/wxa/business/getuserphonenumber': 'POST',
  '/wxa/checksession': 'GET',
  '/wxa/resetusersessionkey': 'GET',
  '/sns/oauth2/access_token': 'GET',
  '/sns/oauth2/refresh_token': 'GET',
  '/sns/userinfo': 'GET',
  '/sns/auth': 'GET',
}

/**
 * The first path segments of api.weixin.qq.com that the emulator answers for, beyond the APIs it serves: WeChat
 * answers any call there with HTTP 200 and an errcode, never a 404 page.
 */
export const WX_PREFIXES = [
  'sns',
  'cgi-bin',
  'wxa',
  'wxaapi',
  'datacube',
  'customservice',
  'card',
  'merchant',
  'shop',
  'product',
  'union',
  'wxopen',
  'tcb',
  'componenttcb',
  'semantic',
  'intp',
  'channels',
] as const

/**
 * Answers every other request under WeChat's API prefixes ({@link WX_PREFIXES}) the way WeChat does: HTTP 200 with an
 * errcode, 43001 "require GET method" or 43002 "require POST method" for a known path called with the wrong method,
 * 40066 "invalid url" for an unknown path. Never the host app's 404 JSON.
 */
export async function wxFallbackRoutes(scope: FastifyInstance, options: { emulator: WxEmulator }): Promise<void> {
  const { emulator } = options
  for (const prefix of WX_PREFIXES) {
    scope.route({
      method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
      url: `/${prefix}/*`,
      handler: async (request, reply) => {
        const path = request.url.split('?')[0] ?? ''
        const wanted = WX_ROUTES[path]
        const errcode = wanted === undefined ? 40066 : wanted === 'GET' ? 43001 : 43002
        return reply.code(200).send(wxErrorBody(errcode, emulator.rid()))
      },
    })
  }
}
