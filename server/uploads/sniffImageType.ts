/** An image format the server accepts for avatars. */
export interface ImageType {
  ext: 'png' | 'jpg' | 'webp'
  mime: 'image/png' | 'image/jpeg' | 'image/webp'
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const JPEG = Buffer.from([0xff, 0xd8, 0xff])

/**
 * Recognises PNG, JPEG and WebP by their first bytes, ignoring whatever content type the client claimed; anything
 * else (SVG, GIF, HTML, text) gives undefined. Sniffing matters because the file is later served from our origin:
 * a script disguised as an image must never be stored.
 */
export function sniffImageType(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= PNG.length && bytes.subarray(0, PNG.length).equals(PNG)) return { ext: 'png', mime: 'image/png' }
  if (bytes.length >= JPEG.length && bytes.subarray(0, JPEG.length).equals(JPEG)) return { ext: 'jpg', mime: 'image/jpeg' }
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return { ext: 'webp', mime: 'image/webp' }
  }
  return undefined
}
