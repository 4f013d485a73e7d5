import type { FastifyInstance } from 'fastify'

/**
 * Makes JSON the only body type the API parses (besides multipart in the avatar scope): `text/plain` and other
 * types are refused with 415 instead of reaching schema validation as a string, and an empty body sent with
 * `Content-Type: application/json` (which some mini-program request layers do for bodiless POSTs like logout)
 * reads as "no body" rather than a 400. Everything else goes to Fastify's own parser, which keeps its
 * prototype-poisoning protection.
 */
export function installJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') {
      done(null, undefined)
      return
    }
    parseJson(request, text, done)
  })
}
