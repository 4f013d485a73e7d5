import sharp from 'sharp'
import { ApiError } from '../errors'
import type { ImageType } from './sniffImageType'

/** The most pixels an avatar may declare (4096 × 4096): 64 MB of RGBA once decoded, the most one upload may cost. */
export const AVATAR_MAX_PIXELS = 4096 * 4096

/** Kept avatars are shrunk to fit this many pixels a side; nothing shows an avatar larger. */
export const AVATAR_MAX_SIDE = 1024

// Decoded pixels are not worth caching: each avatar is decoded once.
sharp.cache(false)

const FORMAT_OF: Record<ImageType['ext'], string> = { png: 'png', jpg: 'jpeg', webp: 'webp' }

function undecodable(cause?: unknown): ApiError {
  return new ApiError(415, 'unsupported_image', 'The image could not be decoded; send a PNG, JPEG or WebP image', { cause })
}

function tooManyPixels(): ApiError {
  return new ApiError(413, 'payload_too_large', `The image is larger than ${AVATAR_MAX_PIXELS.toLocaleString('en')} pixels (4096 × 4096)`)
}

/**
 * Turns an uploaded avatar into a fresh file of the same format holding only its pixels. The header is read first
 * (libvips through sharp) and an image that declares more than {@link AVATAR_MAX_PIXELS} is refused before any
 * pixel is decoded, so a tiny file cannot expand to gigabytes (a "bomb"). What is kept is decoded (first frame),
 * turned upright by its EXIF orientation, shrunk to {@link AVATAR_MAX_SIDE} a side and encoded anew without any
 * metadata: whatever else the upload carried (an SVG, HTML or PHP after the image data or in a comment, EXIF with
 * a location) does not survive, so every client that shows the avatar decodes an image this server made.
 * 415 unsupported_image when the bytes do not decode as the format they start like; 413 when too large.
 */
export async function reencodeImage(bytes: Buffer, type: ImageType): Promise<Buffer> {
  let width: number | undefined
  let height: number | undefined
  let format: string | undefined
  try {
    ;({ width, height, format } = await sharp(bytes, { limitInputPixels: false }).metadata())
  } catch (error) {
    throw undecodable(error)
  }
  if (format !== FORMAT_OF[type.ext] || width === undefined || height === undefined || width < 1 || height < 1) throw undecodable()
  if (width * height > AVATAR_MAX_PIXELS) throw tooManyPixels()
  try {
    const image = sharp(bytes, { limitInputPixels: AVATAR_MAX_PIXELS, failOn: 'error', sequentialRead: true })
      .rotate()
      .resize({ width: AVATAR_MAX_SIDE, height: AVATAR_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    const encoded = type.ext === 'png' ? image.png({ compressionLevel: 6 }) : type.ext === 'jpg' ? image.jpeg({ quality: 85 }) : image.webp({ quality: 85 })
    return await encoded.toBuffer()
  } catch (error) {
    throw undecodable(error)
  }
}
