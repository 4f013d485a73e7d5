import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { libraryAliases } from './scripts/librarySource'
import { ownHmrPort } from './testkit/ownHmrPort'

const root = fileURLToPath(new URL('.', import.meta.url))
const UNI_TAGS = new Set(['view', 'text', 'image', 'checkbox', 'checkbox-group', 'scroll-view', 'navigator'])

// Tests run without the uni plugin: the library reaches `uni` only through its
// platform adapter, and tests hand it a fake platform instead.
export default defineConfig({
  plugins: [ownHmrPort()],
  resolve: {
    // The same package mapping as the uni builds and tsconfig.json (scripts/librarySource.ts).
    alias: [{ find: '@/', replacement: root }, ...libraryAliases()],
  },
  test: {
    projects: [
      {
        extends: true,
        // uni's built-in tags render as plain custom elements, and pages' lifecycle hooks come from
        // a small shim that tests drive (tests/shims/uniApp.ts), since the uni runtime is absent.
        plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => UNI_TAGS.has(tag) } } })],
        resolve: { alias: [{ find: '@dcloudio/uni-app', replacement: fileURLToPath(new URL('./tests/shims/uniApp.ts', import.meta.url)) }] },
        test: {
          name: 'client',
          environment: 'happy-dom',
          include: ['tests/**/*.spec.ts', 'packages/*/tests/**/*.spec.ts'],
          exclude: ['tests/server/**', 'tests/e2e/**', 'tests/integration/**', 'tests/package/**', 'tests/mp/**', 'packages/wx-emulator/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          include: ['tests/server/**/*.spec.ts', 'tests/integration/**/*.spec.ts', 'packages/wx-emulator/tests/**/*.spec.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          // Headless Chromium against an emulator-mode H5 build and the reference server (docs/testing.md).
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.spec.ts'],
          globalSetup: ['tests/e2e/globalSetup.ts'],
          // One process, one file at a time: every file drives the one server port the H5 build knows.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          // The compiled mp-weixin app in miniprogram-simulate with the project's own wx (docs/testing.md).
          name: 'mp',
          environment: 'node',
          include: ['tests/mp/**/*.spec.ts'],
          globalSetup: ['tests/mp/globalSetup.ts'],
          // One process, one file at a time: the app runs on the process's globals, on one server port.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
