/**
 * A fresh uni-app project in a temporary folder, in the official CLI layout: `src/` is the input
 * folder (pages.json, manifest.json, main.ts, App.vue) and `@/` means `src/`; no `"type": "module"`.
 * Its package.json pins the same uni, Vue, Vite and Pinia versions as this repository (and its rollup
 * override) and starts from its lockfile, so `npm install --prefer-offline` takes them from the npm
 * cache the repository's own install filled. Used by tests/package/freshApp.spec.ts and the bundle bench.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The repository's packages a fresh app takes, at the repository's versions. */
const APP_DEPENDENCIES = ['@dcloudio/uni-app', '@dcloudio/uni-components', '@dcloudio/uni-h5', '@dcloudio/uni-mp-weixin', 'pinia', 'vue']
const APP_DEV_DEPENDENCIES = ['@dcloudio/types', '@dcloudio/uni-cli-shared', '@dcloudio/vite-plugin-uni', 'typescript', 'vite', 'vue-tsc']

/** One fresh project. */
export interface FreshApp {
  readonly dir: string
  /** Writes `text` to `rel` (relative to the project), creating folders. */
  write(rel: string, text: string): void
  /** Runs a binary of the project's node_modules/.bin; rejects with the output's tail on failure. */
  bin(name: string, args: string[], timeoutMs?: number): Promise<string>
  /** Runs `node` with `args` in the project. */
  node(args: string[]): Promise<string>
  /**
   * Removes the folder. Asynchronous on purpose: a synchronous delete of a full node_modules blocks the
   * process long enough for Vitest's worker to time out its own messages.
   */
  remove(): Promise<void>
}

interface RootManifest {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  overrides: Record<string, string>
}

function versionsOf(names: string[], manifest: RootManifest): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      const version = manifest.dependencies[name] ?? manifest.devDependencies[name]
      if (version === undefined) throw new Error(`the repository's package.json does not pin ${name}`)
      return [name, version]
    }),
  )
}

/** The environment of a command in the fresh app: this process's, without what a test runner set. */
function appEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  // NOTE: Vitest sets NODE_ENV=test, which Vite would take for the build mode.
  delete env.NODE_ENV
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key.startsWith('UNI_')) delete env[key]
  return env
}

/** Runs `command` in `cwd` with the fresh app's environment; rejects with the output's tail on failure. */
export function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: appEnv() }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`
      if (error) reject(new Error(`${path.basename(command)} ${args.join(' ')} failed in ${cwd}:\n${output.trim().split('\n').slice(-30).join('\n')}`))
      else resolve(output)
    })
  })
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ESNext',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    strict: true,
    jsx: 'preserve',
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    lib: ['ESNext', 'DOM'],
    types: ['@dcloudio/types'],
    baseUrl: '.',
    paths: { '@/*': ['./src/*'] },
  },
  include: ['src/**/*.ts', 'src/**/*.d.ts', 'src/**/*.vue'],
  exclude: ['src/uni_modules/*/js_sdk'],
}

/** The files of a CLI project that the app's own code does not replace. */
export const SKELETON: Record<string, string> = {
  'vite.config.ts': "import { defineConfig } from 'vite'\nimport uni from '@dcloudio/vite-plugin-uni'\n\nexport default defineConfig({\n  plugins: [uni()],\n})\n",
  'index.html':
    '<!DOCTYPE html>\n<html lang="zh-CN">\n  <head>\n    <meta charset="UTF-8" />\n    <title>fresh app</title>\n  </head>\n  <body>\n    <div id="app"></div>\n    <script type="module" src="/src/main.ts"></script>\n  </body>\n</html>\n',
  'tsconfig.json': `${JSON.stringify(TSCONFIG, null, 2)}\n`,
  // The older templates resolve like Node 10 (no exports map): the package's typesVersions covers them.
  'tsconfig.node10.json': `${JSON.stringify({ extends: './tsconfig.json', compilerOptions: { moduleResolution: 'Node' } }, null, 2)}\n`,
  'src/env.d.ts': "/// <reference types=\"vite/client\" />\n\ndeclare module '*.vue' {\n  import type { DefineComponent } from 'vue'\n  const component: DefineComponent<object, object, unknown>\n  export default component\n}\n",
  'src/pages.json': `${JSON.stringify({ pages: [{ path: 'pages/index/index', style: { navigationBarTitleText: 'fresh app' } }], globalStyle: {} }, null, 2)}\n`,
  'src/manifest.json': `${JSON.stringify({ name: 'fresh-app', appid: '', versionName: '1.0.0', versionCode: '100', 'mp-weixin': { appid: 'wx0000000000000000', setting: { urlCheck: false } }, vueVersion: '3' }, null, 2)}\n`,
}

/** An empty project folder in the system's temporary folder, with the helpers of {@link FreshApp}. */
export function makeFreshApp(): FreshApp {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wxls-fresh-app-'))
  return {
    dir,
    write(rel, text) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
      writeFileSync(path.join(dir, rel), text)
    },
    bin(name, args, timeoutMs = 240_000) {
      return run(path.join(dir, 'node_modules/.bin', name), args, dir, timeoutMs)
    },
    node(args) {
      return run(process.execPath, args, dir, 60_000)
    },
    remove() {
      return rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Creates a fresh project and installs it: the repository's uni/Vue/Vite/Pinia pins plus `extra`
 * dependencies (e.g. `{ 'wx-login-state': 'file:/…/wx-login-state-0.2.0.tgz' }`). The caller writes
 * the app's own files (main.ts, App.vue, pages) and removes the project when done.
 */
export async function createFreshApp(extra: Record<string, string> = {}, installTimeoutMs = 300_000): Promise<FreshApp> {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as RootManifest
  const app = makeFreshApp()
  const dir = app.dir
  const packageJson = {
    name: 'fresh-app',
    version: '1.0.0',
    private: true,
    scripts: { 'build:mp-weixin': 'uni build -p mp-weixin', 'build:h5': 'uni build', 'type-check': 'vue-tsc --noEmit' },
    dependencies: { ...versionsOf(APP_DEPENDENCIES, manifest), ...extra },
    devDependencies: versionsOf(APP_DEV_DEPENDENCIES, manifest),
    overrides: manifest.overrides,
  }
  app.write('package.json', `${JSON.stringify(packageJson, null, 2)}\n`)
  // NOTE: the repository's lockfile as the starting point: npm keeps its resolutions for the packages the app
  // shares with the repository (the same versions, from the cache `npm ci` filled, no metadata fetches) and
  // drops the rest.
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { name: string }
  app.write('package-lock.json', `${JSON.stringify({ ...lock, name: packageJson.name }, null, 2)}\n`)
  for (const [rel, text] of Object.entries(SKELETON)) app.write(rel, text)
  try {
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir, installTimeoutMs)
  } catch (error) {
    await app.remove()
    throw error
  }
  return app
}
