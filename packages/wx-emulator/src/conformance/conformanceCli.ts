import { parseArgs } from 'node:util'
import { DEV_APPID, DEV_SECRET } from '../devCredentials'
import { formatReport } from './formatReport'
import { PRESET_NAMES, loadTarget } from './loadTarget'
import { runConformance } from './runConformance'
import type { ConformanceTarget } from './ConformanceTarget'

/** `conformance --help`. */
export const CONFORMANCE_USAGE = `Usage: wx-login-state-emulator conformance --base-url <url> [options]

Checks that a login backend behaves as the wx-login-state client needs, with this package's WeChat emulator
standing in for api.weixin.qq.com. Exit status 0 when every rule passes, 1 when one fails, 2 on bad usage.

Options:
  --base-url <url>       the backend under test (required), e.g. http://127.0.0.1:8080
  --preset <name>        how the backend speaks: ${PRESET_NAMES.join(', ')} (default reference;
                         the others are wx-login-state's presets and need that package installed too)
  --backend <module>     a module whose default export is your own backend description
  --auth-call "<M> /p"   a call that needs a session, when the description fetches no user (e.g. "GET /wx/user/index")
  --emulator-url <url>   use an emulator that is already running instead of starting one
  --port <n>             where to start the emulator (default 4010)
  --appid <id>           the appid your backend is configured with (default ${DEV_APPID})
  --secret <secret>      the AppSecret your backend is configured with (default the dev secret)
  --session-ttl <s>      your backend runs with this short session lifetime (seconds): check tokens die by time
  --only <a,b>           run only these rules (names from the table)
  --json                 print the report as JSON instead of the table`

/** Runs `conformance` with `argv` (after the command word); resolves with the exit status. */
export async function conformanceCli(argv: readonly string[], print: (text: string) => void = console.log): Promise<number> {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        'base-url': { type: 'string' },
        preset: { type: 'string' },
        backend: { type: 'string' },
        'auth-call': { type: 'string' },
        'emulator-url': { type: 'string' },
        port: { type: 'string' },
        appid: { type: 'string' },
        secret: { type: 'string' },
        only: { type: 'string' },
        'session-ttl': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    print(`${error instanceof Error ? error.message : String(error)}\n\n${CONFORMANCE_USAGE}`)
    return 2
  }
  if (values.help === true) {
    print(CONFORMANCE_USAGE)
    return 0
  }
  const baseUrl = values['base-url']
  if (baseUrl === undefined || !/^https?:\/\/[^/]+/.test(baseUrl)) {
    print(`--base-url must be the backend's http:// URL, got ${baseUrl === undefined ? 'nothing' : `"${baseUrl}"`}\n\n${CONFORMANCE_USAGE}`)
    return 2
  }
  let target: ConformanceTarget
  try {
    target = await loadTarget({
      ...(values.preset === undefined ? {} : { preset: values.preset }),
      ...(values.backend === undefined ? {} : { backend: values.backend }),
      ...(values['auth-call'] === undefined ? {} : { authCall: values['auth-call'] }),
    })
  } catch (error) {
    print(error instanceof Error ? error.message : String(error))
    return 2
  }
  const port = values.port === undefined ? 4010 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    print(`--port must be a port number, got "${values.port ?? ''}"`)
    return 2
  }
  const ttl = values['session-ttl']
  if (ttl !== undefined && !/^\d{1,4}$/.test(ttl)) {
    print(`--session-ttl must be a whole number of seconds, got "${ttl}"`)
    return 2
  }
  const appid = values.appid ?? DEV_APPID
  const json = values.json === true
  const report = await runConformance({
    baseUrl,
    target,
    appid,
    secret: values.secret ?? DEV_SECRET,
    emulatorPort: port,
    ...(values['emulator-url'] === undefined ? {} : { emulatorUrl: values['emulator-url'] }),
    ...(values.only === undefined ? {} : { only: values.only.split(',').map((s) => s.trim()) }),
    ...(ttl === undefined ? {} : { sessionTtlMs: Number(ttl) * 1000 }),
    onEmulatorReady: (emulatorUrl) => {
      if (json) return
      print(
        `WeChat emulator at ${emulatorUrl} (appid ${appid}).\n` +
          `The one setting your backend needs: call WeChat at ${emulatorUrl} instead of https://api.weixin.qq.com ` +
          '(WxJava: WxMaDefaultConfigImpl.setApiHostUrl; wechatpy: API_BASE_URL; EasyWeChat: http.base_uri; ' +
          'the reference server: WX_API_BASE; see the README), ' +
          'with the same appid and secret as this run.\n',
      )
    },
  })
  print(json ? JSON.stringify(report, null, 2) : formatReport(report))
  return report.passed ? 0 : 1
}
