import { spawn, spawnSync } from 'node:child_process'
import { describe, expect, it, vi } from 'vitest'
import { DEV_APPID } from '../src/devCredentials'
import { readStandaloneConfig } from '../src/standaloneConfig'

describe('readStandaloneConfig', () => {
  it('listens on 127.0.0.1:3100 for the dev appid by default', () => {
    expect(readStandaloneConfig({})).toMatchObject({ port: 3100, host: '127.0.0.1', appid: DEV_APPID, logLevel: 'info' })
  })

  it.each(['127.0.0.1', '::1', '[::1]', 'localhost', '127.0.0.2'])('accepts the loopback host %s', (host) => {
    expect(readStandaloneConfig({ EMULATOR_HOST: host }).host).toBe(host)
  })

  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com', ''])('refuses %j, which other machines could reach', (host) => {
    expect(() => readStandaloneConfig({ EMULATOR_HOST: host })).toThrow(/EMULATOR_HOST must be a loopback address/)
  })

  it.each(['abc', '-1', '70000', '3.5', ''])('refuses the port %j', (port) => {
    expect(() => readStandaloneConfig({ EMULATOR_PORT: port })).toThrow(TypeError)
  })

  it('never runs under NODE_ENV=production', () => {
    expect(() => readStandaloneConfig({ NODE_ENV: 'production' })).toThrow(/never runs there/)
  })

  it('takes flags over the environment', () => {
    const config = readStandaloneConfig({ EMULATOR_PORT: '5000' }, ['--port', '4010', '--appid', 'wx1234567890abcdef', '--code2session-limit', '0'])
    expect(config).toMatchObject({ port: 4010, appid: 'wx1234567890abcdef', code2SessionPerUserPerMinute: 0, remote: false })
    expect(readStandaloneConfig({}).code2SessionPerUserPerMinute).toBe(100)
  })

  it('binds another address only with --allow-remote (or EMULATOR_ALLOW_REMOTE=1), and says so', () => {
    expect(() => readStandaloneConfig({}, ['--host', '0.0.0.0'])).toThrow(/--host must be a loopback address.*--allow-remote/)
    expect(readStandaloneConfig({}, ['--host', '0.0.0.0', '--allow-remote'])).toMatchObject({ host: '0.0.0.0', remote: true })
    expect(readStandaloneConfig({ EMULATOR_HOST: '0.0.0.0', EMULATOR_ALLOW_REMOTE: '1' })).toMatchObject({ remote: true })
  })

  it('refuses production even with --allow-remote, and unknown flags', () => {
    expect(() => readStandaloneConfig({ NODE_ENV: 'production' }, ['--host', '0.0.0.0', '--allow-remote'])).toThrow(/never runs there/)
    expect(() => readStandaloneConfig({}, ['--prot', '1'])).toThrow(/Unknown option '--prot'/)
    expect(() => readStandaloneConfig({}, ['--code2session-limit', 'lots'])).toThrow(/--code2session-limit/)
  })
})

describe('the standalone emulator', () => {
  it('exits 1 with the reason, before listening, when asked to listen on every interface', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'packages/wx-emulator/src/main.ts'], {
      env: { ...process.env, EMULATOR_HOST: '0.0.0.0', EMULATOR_PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('[wx-emulator] EMULATOR_HOST must be a loopback address')
  })

  it('warns loudly when --allow-remote binds every interface, and still serves', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/wx-emulator/src/main.ts', '--host', '0.0.0.0', '--allow-remote', '--port', '0', '--log-level', 'silent'], {
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    try {
      await vi.waitFor(() => expect(stderr).toContain('WARNING: listening on 0.0.0.0'), { timeout: 20_000, interval: 100 })
    } finally {
      child.kill('SIGTERM')
    }
  })
})
