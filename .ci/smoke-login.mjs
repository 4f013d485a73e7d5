// The smoke test of a started production server (.ci/server-production): plain Node, no dependencies, so it runs
// next to a pruned install. It waits for /readyz, logs in with a code from the standalone WeChat emulator, reads
// /api/me with the token, checks /livez and, when METRICS_URL is set, that /metrics counted the login.
// Environment: SERVER_URL, EMULATOR_URL, METRICS_URL (optional). Exits 1 with the reason on the first failure.
const { SERVER_URL, EMULATOR_URL, METRICS_URL } = process.env
if (!SERVER_URL || !EMULATOR_URL) {
  console.error('smoke: set SERVER_URL and EMULATOR_URL')
  process.exit(2)
}

function fail(message) {
  console.error(`smoke: ${message}`)
  process.exit(1)
}

async function json(url, init) {
  const res = await fetch(url, init)
  const text = await res.text()
  let body
  try {
    body = JSON.parse(text)
  } catch {
    body = text
  }
  return { status: res.status, body }
}

const deadline = Date.now() + 30_000
for (;;) {
  const ready = await fetch(`${SERVER_URL}/readyz`).then((r) => r.status, () => 0)
  if (ready === 200) break
  if (Date.now() > deadline) fail(`/readyz never answered 200 (last: ${ready})`)
  await new Promise((resolve) => setTimeout(resolve, 200))
}

const issued = await json(`${EMULATOR_URL}/__emulator/login-code`, { method: 'POST' })
if (issued.status !== 200 || typeof issued.body.code !== 'string') fail(`emulator login-code: ${issued.status} ${JSON.stringify(issued.body)}`)

const login = await json(`${SERVER_URL}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ code: issued.body.code }),
})
if (login.status !== 200 || typeof login.body.token !== 'string') fail(`login: ${login.status} ${JSON.stringify(login.body)}`)

const me = await json(`${SERVER_URL}/api/me`, { headers: { authorization: `Bearer ${login.body.token}` } })
if (me.status !== 200 || me.body.user?.openid !== issued.body.openid) fail(`/api/me: ${me.status} ${JSON.stringify(me.body)}`)

const live = await fetch(`${SERVER_URL}/livez`)
if (live.status !== 200) fail(`/livez: ${live.status}`)

if (METRICS_URL) {
  const text = await fetch(`${METRICS_URL}/metrics`).then((r) => r.text())
  if (!/^wxls_logins_total\{kind="mini_program",outcome="ok"\} [1-9]/m.test(text)) fail('/metrics did not count the login')
}
console.log(`smoke: ok (readyz 200, login 200, /api/me 200 for ${issued.body.openid}, livez 200${METRICS_URL ? ', login counted in /metrics' : ''})`)
