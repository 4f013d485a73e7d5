import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ApiError, sessionExpired } from '../errors'
import { authenticate, requireSession } from '../plugins/authenticate'
import { enforceRateLimit } from '../plugins/enforceRateLimit'
import { avatarSchema } from '../schemas/me'
import type { SessionService } from '../sessions/sessionService'
import type { UserStore } from '../stores/userStore'
import type { AvatarStorage } from '../uploads/avatarStorage'
import { storageFull } from '../uploads/localDiskStorage'
import { reencodeImage } from '../uploads/reencodeImage'
import { sniffImageType } from '../uploads/sniffImageType'
import { toPublicUser } from '../users/toPublicUser'
import type { AvatarUrlOf } from '../users/toPublicUser'

/** The largest avatar accepted. */
export const AVATAR_MAX_BYTES = 2 * 1024 * 1024

/** The prefix avatar paths are stored and served under. */
export const UPLOADS_PREFIX = '/uploads/'

/** What {@link avatarRoutes} needs. */
export interface AvatarRoutesOptions {
  sessions: SessionService
  users: UserStore
  storage: AvatarStorage
  /** Uploads per hour per user. */
  uploadsPerHour: number
  avatarUrl: AvatarUrlOf
}

function invalidUpload(message: string, cause?: unknown): ApiError {
  return new ApiError(400, 'invalid_upload', message, { cause })
}

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { statusCode?: unknown }).statusCode === 413
}

/**
 * `POST /api/me/avatar`: one multipart file field `file`, at most 2 MB, PNG/JPEG/WebP recognised by its first
 * bytes, at most 4096 × 4096 pixels by its header, and stored only as a fresh encoding of its pixels
 * ({@link reencodeImage}). The caller is authenticated and rate limited (per user) before the body is read; a body that could not
 * fit the storage quota is refused (507) before it is read too. The new file is stored, the user updated, and
 * only then the previous avatar removed, so a failure never leaves the user without a picture. One user's
 * uploads run one at a time in this process, so two quick uploads cannot leave an orphaned file. Must be
 * registered in its own scope: it replaces the scope's body parsers with the multipart one only.
 */
export const avatarRoutes: FastifyPluginAsyncTypebox<AvatarRoutesOptions> = async (app, options) => {
  app.removeAllContentTypeParsers()
  await app.register(multipart, {
    limits: { fileSize: AVATAR_MAX_BYTES, files: 1, fields: 4, fieldSize: 1024, parts: 6, headerPairs: 50 },
  })
  const perUser = app.createRateLimit({
    max: options.uploadsPerHour,
    timeWindow: 3_600_000,
    keyGenerator: (request) => `avatar-user:${request.authSession?.record.userId ?? request.ip}`,
  })
  const running = new Map<string, Promise<unknown>>()

  /** Runs `task` after the user's previous upload settled. */
  function oneAtATime<T>(userId: string, task: () => Promise<T>): Promise<T> {
    const previous = running.get(userId) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(task)
    running.set(userId, next)
    void next.finally(() => {
      if (running.get(userId) === next) running.delete(userId)
    }).catch(() => undefined)
    return next
  }

  app.post(
    '/api/me/avatar',
    {
      schema: avatarSchema,
      config: { upload: true },
      onRequest: [authenticate(options.sessions), enforceRateLimit(perUser, 'avatar uploads')],
    },
    async (request) => {
      const { userId } = requireSession(request).record
      if (!request.isMultipart()) throw invalidUpload('Send the image as multipart/form-data with a field named "file"')
      const declared = Number(request.headers['content-length'] ?? 0)
      if (!options.storage.hasRoomFor(Math.min(Number.isFinite(declared) ? declared : 0, AVATAR_MAX_BYTES))) throw storageFull()
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
      const clean = await reencodeImage(bytes, type)

      const user = await oneAtATime(userId, async () => {
        const before = await options.users.get(userId)
        if (before === undefined) throw sessionExpired()
        const name = await options.storage.save(clean, type.ext)
        const updated = await options.users.update(userId, { avatarPath: `${UPLOADS_PREFIX}${name}` }).catch(async (error: unknown) => {
          await options.storage.remove(name)
          throw error
        })
        if (updated === undefined) {
          await options.storage.remove(name)
          throw sessionExpired()
        }
        if (before.avatarPath.startsWith(UPLOADS_PREFIX)) {
          await options.storage.remove(before.avatarPath.slice(UPLOADS_PREFIX.length)).catch((error: unknown) => {
            request.log.warn({ err: error }, 'could not remove the previous avatar')
          })
        }
        return updated
      })
      return { user: toPublicUser(user, options.avatarUrl) }
    },
  )
}
