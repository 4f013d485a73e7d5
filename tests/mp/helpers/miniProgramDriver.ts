import type { LaunchedMiniProgram, OpenPage } from './launchMiniProgram'
import type { SimJson, SimNode } from './simulateRuntime'
import type { Phone } from './wx/phone'

/**
 * The attributes of a rendered element, by the names the template wrote. j-component reports a
 * built-in's properties camel-cased (`openType`, `formType`) and plain attributes as written
 * (`data-eventsync`); both spellings are kept, so `open-type` reads the same as `openType`.
 */
function attrsOf(node: SimNode): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const a of node.toJSON().attrs) {
    out[a.name] = a.value
    const kebab = a.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
    if (!(kebab in out)) out[kebab] = a.value
  }
  return out
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === ''
}

/** A 1×1 PNG, what the avatar picker hands out in the suite. */
export const AVATAR_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')

/**
 * Drives a launched mini program like a user, with the behaviour of WeChat's built-in components
 * that miniprogram-simulate leaves out (its built-ins are empty shells): a disabled button ignores
 * taps; `form-type="submit"` submits the enclosing form with the values typed so far; a tap inside a
 * `<label>` toggles its checkbox and fires the group's `change`; the open-type buttons ask WeChat
 * (`getPhoneNumber`: a code from the emulator, `chooseAvatar`: a temp file, both after the privacy
 * check; `agreePrivacyAuthorization`: marks the tap for the privacy API). Elements are found by CSS
 * selector on the top page, inside its custom components too.
 */
export function createDriver(
  mp: LaunchedMiniProgram,
  device: Phone,
  emulator: { issuePhoneCode(r: { openid?: string; phoneNumber?: string }): { code: string } },
) {
  const typed = new Map<string, string>()
  const ticked = new Map<string, boolean>()
  const phone = mp.wx
  const seenImages = new Set<string>()

  function scanImages(): void {
    const walk = (json: SimJson | string): void => {
      if (typeof json === 'string') return
      if (json.tagName === 'wx-image') for (const a of json.attrs) if (a.name === 'src' && typeof a.value === 'string') seenImages.add(a.value)
      json.children.forEach(walk)
    }
    for (const page of mp.stack) walk(page.node.toJSON())
  }

  function top(): OpenPage {
    const page = mp.stack[mp.stack.length - 1]
    if (!page) throw new Error('[mp] no page is open')
    return page
  }

  // exparser's selectors stop at custom components; walk into their shadow trees too.
  function findAll(selector: string): SimNode[] {
    const page = top()
    const found: SimNode[] = []
    type Ex = { shadowRoot?: { querySelectorAll(s: string): Ex[]; childNodes?: Ex[] }; childNodes?: Ex[]; __componentNode__?: SimNode }
    const seen = new Set<unknown>()
    const visitRoot = (ex: Ex, depth: number): void => {
      const rootNode = ex.shadowRoot
      if (!rootNode || seen.has(rootNode) || depth > 4) return
      seen.add(rootNode)
      for (const hit of rootNode.querySelectorAll(selector)) found.push(hit.__componentNode__ ?? wrapEx(hit))
      const walk = (n: Ex): void => {
        if (n.shadowRoot) visitRoot(n, depth + 1)
        for (const c of n.childNodes ?? []) walk(c)
      }
      for (const c of rootNode.childNodes ?? []) walk(c)
    }
    visitRoot((page.node as unknown as { _exparserNode: Ex })._exparserNode, 0)
    return found
  }

  function wrapEx(ex: unknown): SimNode {
    const node = Object.create(Object.getPrototypeOf(top().node) as object) as SimNode & { _exparserNode: unknown }
    node._exparserNode = ex
    return node
  }

  function find(selector: string): SimNode {
    const node = findAll(selector)[0]
    if (!node) throw new Error(`[mp] ${top().route} has no element matching "${selector}"; it shows: ${text()}`)
    return node
  }

  function text(): string {
    scanImages()
    // The composed DOM holds the custom components' shadow trees too (the JSON view does not).
    return (top().node.dom.textContent ?? '').replace(/\s+/g, ' ').trim()
  }

  function fire(node: SimNode, name: string, detail: unknown = {}): void {
    node.dispatchEvent(name, { detail })
  }

  /** The j-component wrapper of a rendered DOM element (exparser selectors know ids and classes only). */
  function wrap(dom: Element, like: SimNode): SimNode {
    const node = Object.create(Object.getPrototypeOf(like) as object) as SimNode & { _exparserNode: unknown }
    node._exparserNode = (dom as Element & { __wxElement?: unknown }).__wxElement
    return node
  }

  // WeChat's <label> hands a tap to the checkbox inside it; checkbox-group then reports every ticked value.
  function toggleLabelCheckbox(node: SimNode): void {
    const label = node.dom.closest('wx-label')
    const box = label?.querySelector('wx-checkbox')
    const groupDom = label?.closest('wx-checkbox-group')
    if (!box || !groupDom) return
    const checkbox = wrap(box, node)
    const value = String(attrsOf(checkbox).value ?? '')
    const key = `checkbox:${value}`
    const checked = !(ticked.get(key) ?? truthy(attrsOf(checkbox).checked))
    ticked.set(key, checked)
    fire(wrap(groupDom, node), 'change', { value: checked ? [value] : [] })
  }

  function submitForm(button: SimNode): void {
    const formDom = button.dom.closest('wx-form')
    if (!formDom) throw new Error('[mp] a form-type="submit" button outside any form')
    const value: Record<string, string> = {}
    for (const inputDom of formDom.querySelectorAll('wx-input')) {
      const input = wrap(inputDom, button)
      const a = attrsOf(input)
      const name = typeof a.name === 'string' ? a.name : undefined
      if (name === undefined) continue
      const id = typeof a.id === 'string' ? a.id : name
      value[name] = typed.get(id) ?? String(a.value ?? '')
    }
    fire(wrap(formDom, button), 'submit', { value })
  }

  return {
    text,
    find,
    findAll,
    /** Whether an element matching `selector` is on the top page. */
    has: (selector: string): boolean => findAll(selector).length > 0,
    attr: (selector: string, name: string): unknown => attrsOf(find(selector))[name],
    route: (): string => top().route,
    query: (): Record<string, string> => top().query,
    /** Taps like a finger would; returns false when the element is a disabled button. */
    tap(selector: string): boolean {
      const node = find(selector)
      const a = attrsOf(node)
      const tag = node.toJSON().tagName
      scanImages()
      if (tag === 'wx-button' && truthy(a.disabled)) return false
      phone.userGesture()
      fire(node, 'tap', { x: 0, y: 0 })
      toggleLabelCheckbox(node)
      if (tag !== 'wx-button') return true
      const openType = a['open-type']
      if (a['form-type'] === 'submit') submitForm(node)
      if (openType === 'getPhoneNumber') {
        phone.withPrivacy(
          'getPhoneNumber',
          () => {
            const { code } = emulator.issuePhoneCode({ ...(device.openid === undefined ? {} : { openid: device.openid }), phoneNumber: device.phoneNumber })
            fire(node, 'getphonenumber', { code, errMsg: 'getPhoneNumber:ok' })
          },
          (res) => fire(node, 'getphonenumber', res),
        )
      } else if (openType === 'chooseAvatar') {
        phone.withPrivacy('chooseAvatar', () => fire(node, 'chooseavatar', { avatarUrl: device.addTempFile(AVATAR_PNG, 'png') }), () => undefined)
      } else if (openType === 'agreePrivacyAuthorization') {
        phone.agreeButtonTapped(String(a.id ?? ''))
        fire(node, 'agreeprivacyauthorization', {})
      }
      return true
    },
    /** Types into an input: the value a later form submit reads, and an `input` event. */
    type(selector: string, value: string): void {
      const node = find(selector)
      typed.set(String(attrsOf(node).id ?? selector), value)
      fire(node, 'input', { value, cursor: value.length })
    },
    /** Every image source shown on any page so far (sampled whenever the test reads or taps). */
    get seenImages(): ReadonlySet<string> {
      scanImages()
      return seenImages
    },
  }
}

/** The driver of a launched mini program. */
export type MiniProgramDriver = ReturnType<typeof createDriver>
