import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { StorageData } from './wxStorage'

/**
 * What stays on the phone between launches of the mini program: its storage, the WeChat user it
 * logs in as (chosen by the emulator on the first `wx.login`), whether that user agreed to the
 * privacy guide, and the temp files WeChat hands out (`wxfile://tmp_…`).
 */
export interface Phone {
  readonly storage: StorageData
  openid: string | undefined
  privacyAgreed: boolean
  /** The number the getPhoneNumber button hands out a code for. */
  phoneNumber: string
  /** Adds a file to the phone's temp folder and returns its `wxfile://` path. */
  addTempFile(bytes: Buffer, ext: string): string
  /** The file on disk behind a `wxfile://` path. */
  tempFile(wxPath: string): string | undefined
  dispose(): void
}

/** Creates an empty phone: no storage, no WeChat login yet, privacy guide not agreed. */
export function createPhone(options: { phoneNumber?: string } = {}): Phone {
  const dir = mkdtempSync(path.join(tmpdir(), 'wxls-mp-phone-'))
  const files = new Map<string, string>()
  let next = 0
  return {
    storage: new Map(),
    openid: undefined,
    privacyAgreed: false,
    phoneNumber: options.phoneNumber ?? '13800138000',
    addTempFile(bytes, ext) {
      next += 1
      const name = `tmp_${String(next).padStart(4, '0')}${Date.now().toString(16)}.${ext}`
      const file = path.join(dir, name)
      writeFileSync(file, bytes)
      const wxPath = `wxfile://${name}`
      files.set(wxPath, file)
      return wxPath
    },
    tempFile: (wxPath) => files.get(wxPath),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}
