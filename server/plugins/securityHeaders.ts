import type { FastifyInstance } from 'fastify'

/**
 * Adds `X-Content-Type-Options: nosniff` to every answer and `Cache-Control: no-store` to every answer except the
 * avatar files, so that no cache (browser, CDN, proxy) keeps a login answer's token, a profile or an error.
 * Avatars under `/uploads/` keep the static plugin's caching; they are public by their unguessable names.
 */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff')
    const avatarFile = request.url.startsWith('/uploads/') && reply.statusCode < 400
    if (!avatarFile) void reply.header('cache-control', 'no-store')
    return payload
  })
}
