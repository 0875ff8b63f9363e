import { defineConfig } from 'vite';

// The dashboard is built into web/dist (git-ignored) by `npm run build:web`, which `prepare` runs on install;
// the API process serves it at / (src/api/dashboard.routes.ts). Everything is bundled: no external network.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
  },
});
