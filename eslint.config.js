import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

const LIB = 'packages/wx-login-state'

/**
 * The library's layers, bottom first: a folder may import from the folders before it, never from
 * those after it (docs/library.md, "Layout"). `errors.ts` sits below all of them.
 */
const LAYERS = [
  ['platform'],
  ['transport'],
  ['session'],
  ['request', 'backend'],
  ['account', 'guard', 'privacy', 'profile', 'interceptor'],
  ['createAuth', 'authOptions'],
  ['pinia', 'alova', 'luch-request'],
]
const DEV_ENTRIES = ['emulator', 'testing']

/** A `no-restricted-imports` pattern refusing relative imports of `names` from a sibling folder. */
function refuse(names, message) {
  return { regex: `^\\.\\./(${names.join('|')})(/|$)`, message }
}

const layerRules = LAYERS.map((layer, i) => {
  const above = LAYERS.slice(i + 1).flat()
  return {
    files: layer.map((name) => `${LIB}/src/${name}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(above.length > 0 ? [refuse(above, `the ${layer.join('/')} layer must not depend on a layer above it`)] : []),
            refuse(DEV_ENTRIES, 'library code must not depend on the emulator or testing entries'),
          ],
        },
      ],
    },
  }
})

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
  ...layerRules,
  {
    // Root-level modules of the library: the composition root (createAuth, authOptions) and the entry.
    files: [`${LIB}/src/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\./(emulator|testing)(/|$)', message: 'the root entry must not reach the emulator or testing entries' }] },
      ],
    },
  },
  {
    files: [`${LIB}/src/errors.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.', message: 'errors.ts sits below every layer' }] }] },
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
              regex: '^wx-login-state/(?!emulator$|components/[^/]+\\.vue$)',
              message: "import the package's entries only: 'wx-login-state', 'wx-login-state/emulator', 'wx-login-state/components/<Name>.vue'",
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
