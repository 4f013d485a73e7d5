import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { decryptWxData, verifyRawDataSignature } from '../crypto/wxBizDataCrypt'
import { invalidRequest } from '../errors'
import { authenticate, requireSession } from '../plugins/authenticate'
import { decryptSchema } from '../schemas/decrypt'
import type { SessionService } from '../sessions/sessionService'

/** What {@link decryptRoutes} needs. */
export interface DecryptRoutesOptions {
  sessions: SessionService
  /** This server's appid; the watermark must carry it. */
  appid: string
  watermarkMaxAgeSec: number
  now: () => number
}

/**
 * `POST /api/wx/decrypt`: the legacy open-data flow. Decrypts with the caller's session_key (which never leaves
 * the server), checks the watermark and, when rawData and signature are given, the signature.
 */
export const decryptRoutes: FastifyPluginAsyncTypebox<DecryptRoutesOptions> = async (app, options) => {
  app.post('/api/wx/decrypt', { schema: decryptSchema, onRequest: authenticate(options.sessions) }, async (request) => {
    const { sessionKey } = requireSession(request).record
    const { encryptedData, iv, rawData, signature } = request.body
    if ((rawData === undefined) !== (signature === undefined)) {
      throw invalidRequest('Send rawData and signature together, or neither')
    }
    const data = decryptWxData({
      sessionKey,
      encryptedData,
      iv,
      appid: options.appid,
      now: options.now(),
      maxAgeSec: options.watermarkMaxAgeSec,
    })
    if (rawData !== undefined && signature !== undefined) verifyRawDataSignature(rawData, sessionKey, signature)
    return { data }
  })
}
