import multipart from '@fastify/multipart'
import type { AppContext, TypedApp } from '../context'
import { ApiError, sessionExpired } from '../errors'
import { authenticate, requireSession } from '../plugins/authenticate'
import { avatarSchema } from '../schemas/me'
import { saveUpload } from '../uploads/saveUpload'
import { sniffImageType } from '../uploads/sniffImageType'
import { publicOrigin, toPublicUser } from '../users/toPublicUser'

/** The largest avatar accepted. */
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024

function invalidUpload(message: string, cause?: unknown): ApiError {
  return new ApiError(400, 'invalid_upload', message, { cause })
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { statusCode?: unknown }).statusCode === 413
}

/**
 * `POST /api/me/avatar`: one multipart file field `file`, at most 2 MB, PNG/JPEG/WebP recognised by its first
 * bytes. It is stored under UPLOAD_DIR with a random name and the user's avatarUrl points at `/uploads/<name>`.
 * Must be registered in its own scope: it replaces the scope's body parsers with the multipart one only.
 */
export async function avatarRoutes(app: TypedApp, ctx: AppContext): Promise<void> {
  app.removeAllContentTypeParsers()
  await app.register(multipart, {
    limits: { fileSize: AVATAR_MAX_BYTES, files: 1, fields: 4, fieldSize: 1024, parts: 6, headerPairs: 50 },
  })

  app.post(
    '/api/me/avatar',
    { schema: avatarSchema, config: { upload: true }, preHandler: authenticate(ctx.sessions) },
    async (request) => {
      const { userId } = requireSession(request).record
      if (!request.isMultipart()) throw invalidUpload('Send the image as multipart/form-data with a field named "file"')
      let bytes: Buffer
      try {
        const part = await request.file()
        if (part === undefined || part.fieldname !== 'file') throw invalidUpload('No file field named "file"')
        bytes = await part.toBuffer()
      } catch (error) {
        if (error instanceof ApiError) throw error
        if (isTooLarge(error)) throw new ApiError(413, 'payload_too_large', 'The image is larger than 2 MB', { cause: error })
        // Anything else here is a malformed multipart body (busboy's parse errors), i.e. the client's fault.
        throw invalidUpload('The multipart body could not be read', error)
      }
      const type = sniffImageType(bytes)
      if (type === undefined) throw new ApiError(415, 'unsupported_image', 'Send a PNG, JPEG or WebP image')
      const name = await saveUpload(ctx.config.uploadDir, bytes, type.ext)
      const user = await ctx.stores.users.update(userId, { avatarPath: `/uploads/${name}` })
      if (user === undefined) throw sessionExpired()
      return { user: toPublicUser(user, publicOrigin(request, ctx.config.publicUrl)) }
    },
  )
}
