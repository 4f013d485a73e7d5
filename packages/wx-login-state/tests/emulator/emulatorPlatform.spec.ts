import { afterEach, describe, expect, it, vi } from 'vitest'
import { createEmulatorPlatform } from '../../src/emulator/emulatorPlatform'
import { PlatformError } from '../../src/platform/platformError'
import { createFakePlatform, type FakeTransportCall, type FakePlatform } from '../../src/testing/fakePlatform'
import type { TransportResponse } from '../../src/platform/types'

const EMULATOR = 'http://127.0.0.1:3000/'

/** The emulator's contract: login-code picks an openid when none is sent; phone-code answers a code. */
function emulatorHandler() {
  const bodies: Array<{ path: string; body: unknown }> = []
  let seq = 0
  const handle = (call: FakeTransportCall): TransportResponse => {
    const path = new URL(call.url).pathname
    const body = call.kind === 'request' ? call.data : undefined
    bodies.push({ path, body })
    const json = (data: unknown): TransportResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, data })
    if (path === '/__emulator/login-code') {
      const openid = (body as { openid?: string }).openid ?? `o_emulated_${++seq}`
      return json({ code: `code_${++seq}`, openid })
    }
    if (path === '/__emulator/phone-code') return json({ code: `phone_${++seq}` })
    return { status: 404, headers: {}, data: { error: 'not_found' } }
  }
  return { bodies, handle }
}

function setup(base: FakePlatform = createFakePlatform({ kind: 'h5' })) {
  const emulator = emulatorHandler()
  base.handler = emulator.handle
  const platform = createEmulatorPlatform({ base, emulatorBaseURL: EMULATOR })
  return { base, emulator, platform }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('createEmulatorPlatform', () => {
  it('gets login codes from the emulator endpoint and keeps the same test user', async () => {
    const { platform, emulator, base } = setup()

    const first = await platform.login()
    const second = await platform.login()

    expect(first.code).not.toBe(second.code)
    expect(emulator.bodies.map((b) => b.path)).toEqual(['/__emulator/login-code', '/__emulator/login-code'])
    expect(emulator.bodies[0]?.body).toEqual({})
    expect(emulator.bodies[1]?.body).toEqual({ openid: 'o_emulated_1' })
    expect(base.calls.login).toBe(0)
  })

  it('keeps the test user across a reload through storage', async () => {
    const { base, emulator } = setup()
    await createEmulatorPlatform({ base, emulatorBaseURL: EMULATOR }).login()

    await createEmulatorPlatform({ base, emulatorBaseURL: EMULATOR }).login()

    expect(emulator.bodies[1]?.body).toEqual({ openid: 'o_emulated_1' })
  })

  it('keeps the test user in memory when storage is full', async () => {
    const { base, emulator, platform } = setup()
    base.storage.full = true

    await platform.login()
    await platform.login()

    expect(emulator.bodies[1]?.body).toEqual({ openid: 'o_emulated_1' })
  })

  it('sends a configured test user', async () => {
    const base = createFakePlatform()
    const emulator = emulatorHandler()
    base.handler = emulator.handle
    const platform = createEmulatorPlatform({ base, emulatorBaseURL: EMULATOR, testUser: { openid: 'o_alice', unionid: 'u_alice' } })

    await platform.login()

    expect(emulator.bodies[0]?.body).toEqual({ openid: 'o_alice', unionid: 'u_alice' })
  })

  it('rejects garbage from the emulator with a typed error', async () => {
    for (const answer of [
      { status: 200, headers: {}, data: '<html>proxy error</html>' },
      { status: 200, headers: {}, data: { code: '', openid: 'o' } },
      { status: 200, headers: {}, data: { code: 'c' } },
      { status: 200, headers: {}, data: null },
      { status: 500, headers: {}, data: { error: 'internal_error' } },
    ]) {
      const base = createFakePlatform({ handler: () => answer })
      const platform = createEmulatorPlatform({ base, emulatorBaseURL: EMULATOR })
      const error = await platform.login().catch((e: unknown) => e)
      expect(error, JSON.stringify(answer)).toBeInstanceOf(PlatformError)
      expect((error as PlatformError).kind).toBe('failed')
    }
  })

  it('reports an unreachable emulator as a network failure', async () => {
    const { base, platform } = setup()
    base.failNextRequest('network', 'request:fail net::ERR_CONNECTION_REFUSED')

    await expect(platform.login()).rejects.toMatchObject({ kind: 'network' })
  })

  it('answers checkSession with true and delegates everything else to the base platform', async () => {
    const { base, platform } = setup()

    expect(platform.kind).toBe('h5')
    expect(await platform.checkSession()).toBe(true)
    expect(base.calls.checkSession).toBe(0)
    expect(platform.storage).toBe(base.storage)
    expect(platform.router).toBe(base.router)
    expect(platform.now()).toBe(base.now())
  })

  it('gets a phone code for the current test user', async () => {
    const { platform, emulator } = setup()
    await platform.login()

    const code = await platform.dev?.phoneCode('13900139000')

    expect(code).toMatch(/^phone_/)
    expect(emulator.bodies.at(-1)).toEqual({ path: '/__emulator/phone-code', body: { openid: 'o_emulated_1', phoneNumber: '13900139000' } })
  })

  it('rejects a phone-code answer without a code', async () => {
    const base = createFakePlatform({ handler: () => ({ status: 200, headers: {}, data: { nope: true } }) })
    const platform = createEmulatorPlatform({ base, emulatorBaseURL: EMULATOR })

    await expect(platform.dev?.phoneCode()).rejects.toBeInstanceOf(PlatformError)
  })

  it('picks an image through uni.chooseImage and hands back its temp path', async () => {
    const chooseImage = vi.fn((options: { success(result: { tempFilePaths: string[] }): void }) =>
      options.success({ tempFilePaths: ['blob:http://localhost/1234'] }),
    )
    vi.stubGlobal('uni', { chooseImage })
    const { platform } = setup()

    expect(await platform.dev?.chooseImage()).toBe('blob:http://localhost/1234')
    expect(chooseImage).toHaveBeenCalledTimes(1)
  })

  it('reports a closed picker as aborted and a missing uni as unsupported', async () => {
    const { platform } = setup()
    await expect(platform.dev?.chooseImage()).rejects.toMatchObject({ kind: 'unsupported' })

    vi.stubGlobal('uni', { chooseImage: (options: { fail(e: unknown): void }) => options.fail({ errMsg: 'chooseImage:fail cancel' }) })
    await expect(platform.dev?.chooseImage()).rejects.toMatchObject({ kind: 'aborted' })
  })
})
