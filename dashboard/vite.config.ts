import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// Relative base: the built files work from `/`, from a sub-path, or from any static host.
// The shared domain (statuses, transitions) is imported from ../shared, one folder up.
export default defineConfig({
  root: here,
  base: './',
  envPrefix: 'VITE_',
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    rollupOptions: {
      // zod's sources carry comments Rollup cannot place; the warning is about them, not us.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
});
