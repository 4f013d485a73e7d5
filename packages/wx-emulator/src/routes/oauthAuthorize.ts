import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { OauthScope } from '../OfficialAccount'
import { ALPHABETS, randomString } from '../randomSource'
import type { WxEmulator } from '../WxEmulator'
import { queryParam } from './wxRequest'

/** The cookie that says which WeChat user is "signed in to WeChat" in this browser, as seen by the official account. */
export const OA_USER_COOKIE = 'wxemu_oa_openid'

interface PendingConsent {
  openid: string
  redirect: URL
  state: string | undefined
  createdAt: number
}

/**
 * The page codes for a wrong `response_type` and for a consent form past its life. WeChat's table for the authorize
 * page gives neither its own code (10004 is "account banned", 10009 "too frequent"), so the emulator uses two codes
 * outside the 100xx range that mean nothing else.
 */
export const EMULATOR_BAD_RESPONSE_TYPE = 19001
export const EMULATOR_CONSENT_EXPIRED = 19002

// A consent page left open longer than this has to be started again, like WeChat's.
const CONSENT_TTL_MS = 10 * 60_000
const MAX_PENDING = 1000

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;margin:0;padding:32px 24px;text-align:center;color:#111}button{display:block;width:100%;margin:12px 0;padding:12px;font-size:16px;border-radius:8px;border:1px solid #ccc;background:#fff}#wxemu-allow{background:#07c160;color:#fff;border-color:#07c160}.code{color:#888;font-size:13px}</style></head><body>${body}</body></html>`
}

/** WeChat shows errors of the authorize link as a page in the browser and redirects nowhere; so does the emulator. */
function errorPage(reply: FastifyReply, errcode: number, text: string): FastifyReply {
  return reply
    .code(200)
    .type('text/html; charset=utf-8')
    .send(page('授权失败', `<h2 id="wxemu-error">${escapeHtml(text)}</h2><p class="code">错误码：${errcode}</p>`))
}

function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie
  if (typeof header !== 'string') return undefined
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}

/** The redirect back: WeChat puts `code` and `state` into the query of `redirect_uri`, before any `#fragment`. */
function backTo(redirect: URL, code: string | undefined, state: string | undefined): string {
  const target = new URL(redirect.href)
  target.searchParams.delete('code')
  target.searchParams.delete('state')
  if (code !== undefined) target.searchParams.set('code', code)
  if (state !== undefined) target.searchParams.set('state', state)
  return target.href
}

/**
 * `GET /connect/oauth2/authorize`, WeChat's web OAuth entry (open.weixin.qq.com in production), and the consent
 * page behind it. The checks follow WeChat's rules: appid, `redirect_uri` (absolute, on one of the 网页授权域名,
 * compared without port), `response_type=code`, a scope the account has, and a `state` of at most 128 letters and
 * digits. `snsapi_base` redirects at once with a fresh code; `snsapi_userinfo` shows a consent page whose 允许
 * redirects with a code and whose 拒绝 redirects with only `state`. The user is the one remembered for this browser
 * (a cookie), created on the first visit. Its own context parses the consent form.
 */
export async function oauthAuthorizeRoutes(scope: FastifyInstance, options: { emulator: WxEmulator }): Promise<void> {
  const { emulator } = options
  const pending = new Map<string, PendingConsent>()

  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  function prune(): void {
    const cutoff = emulator.now() - CONSENT_TTL_MS
    for (const [ticket, entry] of pending) {
      if (entry.createdAt > cutoff && pending.size <= MAX_PENDING) break
      pending.delete(ticket)
    }
  }

  scope.get('/connect/oauth2/authorize', async (request, reply) => {
    const appid = queryParam(request, 'appid')
    const redirectRaw = queryParam(request, 'redirect_uri')
    const scopeParam = queryParam(request, 'scope')
    const state = queryParam(request, 'state')
    if (appid === undefined) return errorPage(reply, 10012, 'appid 不能为空')
    if (appid !== emulator.oa.appid) return errorPage(reply, 40013, 'appid 无效')
    if (redirectRaw === undefined) return errorPage(reply, 10011, 'redirect_uri 不能为空')
    let redirect: URL
    try {
      redirect = new URL(redirectRaw)
    } catch {
      return errorPage(reply, 10003, 'redirect_uri 参数错误')
    }
    if ((redirect.protocol !== 'http:' && redirect.protocol !== 'https:') || !emulator.webAuthDomains.includes(redirect.hostname)) {
      return errorPage(reply, 10003, 'redirect_uri 域名与后台配置不一致')
    }
    if (queryParam(request, 'response_type') !== 'code') return errorPage(reply, EMULATOR_BAD_RESPONSE_TYPE, 'response_type 参数错误')
    if (scopeParam === undefined) return errorPage(reply, 10010, 'scope 不能为空')
    if (scopeParam !== 'snsapi_base' && scopeParam !== 'snsapi_userinfo') return errorPage(reply, 10005, '此公众号并没有这些 scope 的权限')
    if (state !== undefined && !/^[A-Za-z0-9]{1,128}$/.test(state)) return errorPage(reply, 10013, 'state 参数错误')

    const known = readCookie(request, OA_USER_COOKIE)
    const user = emulator.oa.browserUser(known !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(known) ? known : undefined)
    void reply.header('set-cookie', `${OA_USER_COOKIE}=${user.openid}; Path=/connect; HttpOnly; SameSite=Lax`)

    const oauthScope: OauthScope = scopeParam
    if (oauthScope === 'snsapi_base') {
      return reply.redirect(backTo(redirect, emulator.oa.issueCode(user.openid, 'snsapi_base'), state), 302)
    }
    prune()
    const ticket = randomString(emulator.random, 32, ALPHABETS.alnum)
    pending.set(ticket, { openid: user.openid, redirect, state, createdAt: emulator.now() })
    const body = `<h2>${escapeHtml(redirect.hostname)} 申请获得以下权限</h2><p>获得你的公开信息（昵称、头像）</p><p class="code">${escapeHtml(user.nickname)}</p>
<form method="post" action="/connect/oauth2/authorize/consent"><input type="hidden" name="ticket" value="${ticket}">
<button id="wxemu-allow" name="decision" value="allow" type="submit">允许</button>
<button id="wxemu-deny" name="decision" value="deny" type="submit">拒绝</button></form>`
    return reply.code(200).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page('微信授权', body))
  })

  scope.post('/connect/oauth2/authorize/consent', async (request, reply) => {
    const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '')
    const ticket = form.get('ticket') ?? ''
    const entry = pending.get(ticket)
    pending.delete(ticket)
    if (entry === undefined || emulator.now() - entry.createdAt > CONSENT_TTL_MS) {
      return errorPage(reply, EMULATOR_CONSENT_EXPIRED, '授权页面已失效，请重新打开')
    }
    const decision = form.get('decision')
    const code = decision === 'allow' ? emulator.oa.issueCode(entry.openid, 'snsapi_userinfo') : undefined
    return reply.redirect(backTo(entry.redirect, code, entry.state), 303)
  })
}
