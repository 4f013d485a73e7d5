import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const LIB = 'packages/wx-login-state'

/**
 * The library's layers, bottom first: a module may import from its own layer and the layers before it, never from
 * those after it (docs/library.md, "Layout"). Each name is a folder or a root-level file of the library's src/:
 * every file of src/ belongs to exactly one, or the rule reports it.
 */
export const LAYERS = [
  ['errors'],
  ['platform'],
  ['transport'],
  ['session'],
  ['request', 'backend'],
  ['account', 'guard', 'privacy', 'profile', 'interceptor'],
  ['createAuth', 'authOptions'],
  ['pinia', 'alova', 'luch-request'],
  // The published entries: they only re-export.
  ['index', 'entries'],
]
/** Development entries: they may use the library; nothing of the library may use them. */
const DEV_ENTRIES = ['emulator', 'testing']
const LIB_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), LIB, 'src')

/** The top-level name (folder, or file without extension) of a path inside the library's src/, or undefined. */
function unitOf(file) {
  const rel = path.relative(LIB_SRC, file)
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined
  return rel.split(path.sep)[0].replace(/\.(ts|js|vue)$/, '')
}

function layerOf(unit) {
  return LAYERS.findIndex((layer) => layer.includes(unit))
}

/**
 * `layers/direction`: resolves every relative import form (`./x`, `../x`, `../../x`, `import()`, `export … from`)
 * against the importing file and refuses an import into a higher layer or into a development entry; a file of
 * src/ outside every layer is reported too, so a new folder cannot slip past the rule.
 */
const directionRule = {
  meta: { type: 'problem', schema: [], messages: {
    upward: 'the {{from}} layer must not depend on a layer above it ({{to}}): see LAYERS in eslint.config.js',
    devEntry: 'library code must not depend on the {{to}} entry (development only)',
    unlayered: '{{unit}} is in no layer of LAYERS in eslint.config.js: add it where it belongs',
  } },
  create(context) {
    const file = context.filename
    const unit = unitOf(file)
    if (unit === undefined || DEV_ENTRIES.includes(unit)) return {}
    const from = layerOf(unit)
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return
      const target = unitOf(path.resolve(path.dirname(file), source))
      if (target === undefined || target === unit) return
      if (DEV_ENTRIES.includes(target)) return context.report({ node, messageId: 'devEntry', data: { to: target } })
      const to = layerOf(target)
      if (to > from || to === -1) context.report({ node, messageId: 'upward', data: { from: unit, to: target } })
    }
    return {
      Program(node) {
        if (from === -1) context.report({ node, messageId: 'unlayered', data: { unit } })
      },
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    }
  },
}

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'packages/*/dist/**', 'unpackage/**', 'artifacts/**', 'coverage/**', '.uploads/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] },
    },
  },
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node, uni: 'readonly', wx: 'readonly', getCurrentPages: 'readonly', UniApp: 'readonly', WechatMiniprogram: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-undef': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: [`${LIB}/src/**/*.ts`],
    plugins: { layers: { rules: { direction: directionRule } } },
    rules: { 'layers/direction': 'error' },
  },
  {
    // Only the platform adapters touch the mini-program runtime; everything else receives a Platform.
    files: [`${LIB}/src/**/*.ts`],
    ignores: [`${LIB}/src/platform/**`, `${LIB}/src/emulator/**`],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['uni', 'wx', 'getCurrentPages'].map((name) => ({ name, message: 'only the platform adapter may touch the runtime' })),
      ],
    },
  },
  {
    // The demo is the library's first user: it imports the package's entries, never its files.
    files: ['App.vue', 'main.ts', 'pages/**/*.{ts,vue}', 'src/**/*.{ts,vue}', 'components/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^wx-login-state/(?!(emulator|platform|wechat-web)$|components/[^/]+\\.vue$)',
              message:
                "import the package's entries only: 'wx-login-state', 'wx-login-state/emulator', 'wx-login-state/platform', 'wx-login-state/wechat-web', 'wx-login-state/components/<Name>.vue'",
            },
            { regex: '(^|/)packages/', message: "import the library by its package name, 'wx-login-state', not by path" },
          ],
        },
      ],
    },
  },
  {
    // The mini-program suite's fixture apps are users of the package too: its entries only, the presets' included.
    files: ['tests/mp/fixtures/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^wx-login-state/(?!backends$|emulator$|components/[^/]+\\.vue$)',
              message: "import the package's entries only: 'wx-login-state', 'wx-login-state/backends', 'wx-login-state/emulator', 'wx-login-state/components/<Name>.vue'",
            },
            { regex: '(^|/)packages/', message: "import the library by its package name, 'wx-login-state', not by path" },
          ],
        },
      ],
    },
  },
  {
    // CommonJS entry points (the uni CLI wrapper) load CommonJS with require().
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
