import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The dashboard is served by `rehearse serve` from dist/ (same origin as the API), so paths are absolute
// and nothing is fetched from another host. `npm run dev` proxies the API to a running server.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      "/api": { target: process.env.REHEARSE_SERVER ?? "http://127.0.0.1:4000", changeOrigin: false },
    },
  },
});
