import { defineConfig, loadEnv, type Plugin, type PluginOption } from 'vite'
import uniModule from '@dcloudio/vite-plugin-uni'
import { libraryAliases } from './scripts/librarySource'
import { noDcloudPreload } from './scripts/vite/noDcloudPreload'
import { releasePlaceholders } from './scripts/vite/releasePlaceholders'

// The plugin is published as CommonJS; loaded from an ES module config its
// factory sits on `.default`.
const uni = (uniModule as unknown as { default?: typeof uniModule }).default ?? uniModule

const REMOTE_SHADOW = /url\((['"]?)https?:\/\/cdn\.dcloud\.net\.cn\/img\/shadow-[a-z]+\.png\1\)/g

/**
 * uni-h5 styles its navigation-bar shadows with images on DCloud's CDN and preloads one of them on
 * every page. This app sets no shadow, and its pages talk to nobody but their own backend, so the
 * remote images are dropped (the shadow classes simply draw nothing).
 */
function noRemoteShadowImages(): Plugin {
  return {
    name: 'wx-login-state:no-remote-shadow-images',
    // NOTE: uni adds these URLs in its own late CSS transforms, so the built CSS is rewritten instead.
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.css') || typeof file.source !== 'string') continue
        file.source = file.source.replace(REMOTE_SHADOW, 'none')
      }
    },
  }
}

/**
 * uni-h5's `uni:h5-api` plugin adds Aliyun's face-verification SDK (a script from aliyuncs.com) to the
 * page once a module under UNI_INPUT_DIR mentions `getFacialRecognitionMetaInfo`. This project's
 * input folder is the repository root, so in the dev server that includes `node_modules/`, where
 * uni-h5's own runtime mentions it: every dev page loaded the third-party script. The check is made
 * to see the project's own modules only, as it does in a standard layout.
 */
function projectModulesOnlyForFacialCheck(plugins: PluginOption[]): PluginOption[] {
  return plugins.map((plugin) => {
    if (Array.isArray(plugin)) return projectModulesOnlyForFacialCheck(plugin)
    if (!plugin || typeof plugin !== 'object' || !('name' in plugin) || plugin.name !== 'uni:h5-api') return plugin
    const transform = plugin.transform
    if (typeof transform !== 'function') return plugin
    return {
      ...plugin,
      transform(this: unknown, code: string, id: string, ...rest: unknown[]) {
        if (id.includes('/node_modules/')) return undefined
        return (transform as (...args: unknown[]) => unknown).call(this, code, id, ...rest)
      },
    } as Plugin
  })
}

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_')
  return {
    plugins: [noDcloudPreload(), ...projectModulesOnlyForFacialCheck([uni()]), noRemoteShadowImages(), releasePlaceholders()],
    // The demo imports the library by its package name, resolved to its source (scripts/librarySource.ts).
    resolve: { alias: libraryAliases() },
    define: {
      // NOTE: always a string literal, also when unset (Vite would leave `({}).VITE_LOGIN_ADAPTER`), so
      // that the bundler folds `=== 'emulator'` in src/app/auth.ts and drops the emulator adapter
      // from every H5 build that is not made for it (the mini program never imports it).
      'import.meta.env.VITE_LOGIN_ADAPTER': JSON.stringify(env.VITE_LOGIN_ADAPTER ?? ''),
    },
  }
})
