import { ApiError } from '../errors'

/** The distinct ways decrypting WeChat open data can fail; each is its own 400 code in docs/api.md. */
export type DecryptErrorCode =
  | 'bad_session_key'
  | 'bad_iv'
  | 'bad_base64'
  | 'bad_padding'
  | 'bad_json'
  | 'data_too_large'
  | 'wrong_appid'
  | 'stale_watermark'
  | 'bad_signature'

/** A 400 answer from the open-data decryption; the message never contains key material or plaintext. */
export class DecryptError extends ApiError {
  override readonly name = 'DecryptError'
  constructor(code: DecryptErrorCode, message: string) {
    super(400, code, message)
  }
}
