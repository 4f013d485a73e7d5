import type { AppContext, TypedApp } from '../context'
import { decryptWxData, verifyRawDataSignature } from '../crypto/wxBizDataCrypt'
import { invalidRequest } from '../errors'
import { authenticate, requireSession } from '../plugins/authenticate'
import { decryptSchema } from '../schemas/decrypt'

/**
 * `POST /api/wx/decrypt`: the legacy open-data flow. Decrypts with the caller's session_key (which never leaves
 * the server), checks the watermark and, when rawData and signature are given, the signature.
 */
export async function decryptRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  app.post('/api/wx/decrypt', { schema: decryptSchema, preHandler: authenticate(ctx.sessions) }, async (request) => {
    const { sessionKey } = requireSession(request).record
    const { encryptedData, iv, rawData, signature } = request.body
    if ((rawData === undefined) !== (signature === undefined)) {
      throw invalidRequest('Send rawData and signature together, or neither')
    }
    const data = decryptWxData({
      sessionKey,
      encryptedData,
      iv,
      appid: ctx.config.appid,
      now: ctx.now(),
      maxAgeSec: ctx.config.watermarkMaxAgeSec,
    })
    if (rawData !== undefined && signature !== undefined) verifyRawDataSignature(rawData, sessionKey, signature)
    return { data }
  })
}
