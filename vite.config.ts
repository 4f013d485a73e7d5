import { defineConfig } from 'vite'
import uniModule from '@dcloudio/vite-plugin-uni'

// The plugin is published as CommonJS; loaded from an ES module config its
// factory sits on `.default`.
const uni = (uniModule as unknown as { default?: typeof uniModule }).default ?? uniModule

export default defineConfig({
  plugins: [uni()],
})
