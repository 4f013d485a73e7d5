import Fastify from 'fastify'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { emulatorPlugin } from './emulatorPlugin'
import type { EmulatorOptions } from './WxEmulator'

/** Options of {@link buildEmulator}: the plugin's, plus Fastify's logger setting. */
export interface BuildEmulatorOptions extends EmulatorOptions {
  logger?: FastifyServerOptions['logger']
}

// The query strings of jscode2session and cgi-bin/token carry the AppSecret; logs must never show it.
const SECRET_PARAMS = /([?&](?:secret|js_code|access_token|signature)=)[^&]*/g

/** Removes secret-bearing query values from a URL before it reaches a log line. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]')
}

/**
 * A standalone Fastify app serving only the emulator, for tests (`app.inject()`, no port) and for
 * `packages/wx-emulator/src/main.ts`. Unknown routes answer `404 { error: 'not_found' }`.
 */
export async function buildEmulator(options: BuildEmulatorOptions): Promise<FastifyInstance> {
  const { logger = false, ...pluginOptions } = options
  const app = Fastify({
    logger:
      logger === false || logger === undefined
        ? false
        : {
            ...(typeof logger === 'object' ? logger : {}),
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
            },
          },
  })
  await app.register(emulatorPlugin, pluginOptions)
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `No emulated route ${request.method} ${request.url.split('?')[0] ?? ''}` }),
  )
  await app.ready()
  return app
}
