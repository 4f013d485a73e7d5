import { parseArgs } from 'node:util'
import { DEV_APPID, DEV_SECRET } from '../devCredentials'
import { formatReport } from './formatReport'
import { referenceTarget } from './referenceTarget'
import { runConformance } from './runConformance'
import type { ConformanceTarget } from './ConformanceTarget'

/** The targets `--preset` can name. */
export const PRESETS: Readonly<Record<string, ConformanceTarget>> = { reference: referenceTarget }

/** `conformance --help`. */
export const CONFORMANCE_USAGE = `Usage: wx-login-state-emulator conformance --base-url <url> [options]

Checks that a login backend behaves as the wx-login-state client needs, with this package's WeChat emulator
standing in for api.weixin.qq.com. Exit status 0 when every rule passes, 1 when one fails, 2 on bad usage.

Options:
  --base-url <url>       the backend under test (required), e.g. http://127.0.0.1:8080
  --preset <name>        how the backend speaks: ${Object.keys(PRESETS).join(', ')} (default reference)
  --emulator-url <url>   use an emulator that is already running instead of starting one
  --port <n>             where to start the emulator (default 4010)
  --appid <id>           the appid your backend is configured with (default ${DEV_APPID})
  --secret <secret>      the AppSecret your backend is configured with (default the dev secret)
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
        'emulator-url': { type: 'string' },
        port: { type: 'string' },
        appid: { type: 'string' },
        secret: { type: 'string' },
        only: { type: 'string' },
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
  const target = PRESETS[values.preset ?? 'reference']
  if (target === undefined) {
    print(`--preset must be one of ${Object.keys(PRESETS).join(', ')}, got "${values.preset ?? ''}"`)
    return 2
  }
  const port = values.port === undefined ? 4010 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    print(`--port must be a port number, got "${values.port ?? ''}"`)
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
