import { defineConfig } from 'vite';

// The UI is served by the ASP.NET Core app from wwwroot (UseDefaultFiles/UseStaticFiles). `npm run dev` proxies the
// API and the hub to a running server (PLANNER_URL, default http://127.0.0.1:5080).
const server = process.env.PLANNER_URL ?? 'http://127.0.0.1:5080';

export default defineConfig({
  base: './',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700, // one bundle: Chart.js, SignalR, and the texts of both languages (180 kB gzipped)
    rollupOptions: {
      onwarn(warning, warn) {
        // @microsoft/signalr ships /*#__PURE__*/ comments Rollup cannot place; harmless.
        if (warning.code === 'INVALID_ANNOTATION') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/hubs': { target: server, ws: true },
    },
  },
});
