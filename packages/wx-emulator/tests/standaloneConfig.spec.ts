import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
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
})
