import { createRequire } from 'node:module'
import { JSDOM } from 'jsdom'

/** The j-component node wrapper miniprogram-simulate hands out (only what the harness uses). */
export interface SimNode {
  readonly dom: HTMLElement
  readonly instance: Record<string, unknown> & { data?: Record<string, unknown> }
  dispatchEvent(name: string, options?: { detail?: unknown }): void
  querySelector(selector: string): SimNode | undefined
  querySelectorAll(selector: string): SimNode[]
  attach(parent: Element): void
  detach(): void
  toJSON(): SimJson
}

/** j-component's JSON view of a rendered tree. */
export interface SimJson {
  tagName: string
  attrs: { name: string; value: unknown }[]
  event: Record<string, unknown>
  children: (SimJson | string)[]
}

/** The parts of miniprogram-simulate the launcher calls. */
export interface Simulate {
  load(componentPath: string, options: { rootPath: string; compiler: 'official' }): string
  render(id: string): SimNode
}

let loaded: Simulate | undefined

/**
 * Loads miniprogram-simulate once per process, with the DOM j-component needs: a jsdom window whose
 * `Event`/`CustomEvent` replace Node's own (Node's cannot be dispatched on jsdom nodes). The package
 * puts its own `Component`/`Behavior` constructors and a `wx` of its own on the global object; the
 * launcher replaces that `wx` with the project's for every launch.
 */
export function loadSimulate(): Simulate {
  if (loaded) return loaded
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true })
  const g = globalThis as Record<string, unknown>
  const w = dom.window as unknown as Record<string, unknown>
  for (const name of ['window', 'document', 'Event', 'CustomEvent', 'Element', 'HTMLElement', 'Node', 'TouchEvent']) {
    Object.defineProperty(g, name, { value: name === 'window' ? dom.window : w[name], configurable: true, writable: true })
  }
  const require = createRequire(import.meta.url)
  loaded = require('miniprogram-simulate') as Simulate
  return loaded
}

/**
 * Drops the compiled template ops that wcc's code caches on the global object. They are cached under an
 * ordinal (`$gwx_1`, …) that restarts with every build, so once the process has launched another build (the
 * preset fixture besides the demo) they must go, or pages render with the other build's templates. Each
 * build's own template code fills them again on its next render.
 */
export function forgetCompiledTemplates(): void {
  const wxml = (globalThis as { __WXML_GLOBAL__?: { ops_cached?: Record<string, unknown> } }).__WXML_GLOBAL__
  if (wxml?.ops_cached) wxml.ops_cached = {}
}
