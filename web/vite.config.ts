/// <reference types="vitest/config" />
import { defineConfig } from "vite";

// The ems server that `npm run dev` sends API calls to (an `ems demo` or `ems run` on this machine).
const server = process.env.EMS_URL ?? "https://127.0.0.1:8443";

export default defineConfig({
  build: {
    target: "es2022",
    // Every browser the UI supports has modulepreload; the polyfill would be an inline script.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URIs: the server's Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
    // The server compresses each file once at build time (scripts/compress.mjs).
    reportCompressedSize: false,
  },
  server: {
    // The catalogues live in ../i18n, shared with the server.
    fs: { allow: [".", "../i18n"] },
    proxy: { "/api": { target: server, secure: false, changeOrigin: false } },
  },
  test: { environment: "node", include: ["src/**/*.test.ts", "src/**/*.test.tsx"] },
});
