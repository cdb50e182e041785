/// <reference types="vitest/config" />
// Vite build of the evp ui web app. The C++ build runs `npm run build -- --outDir DIR
// --emptyOutDir` and embeds DIR: index.html plus hashed files under assets/. The page is
// served under a strict CSP (script-src 'self'; style-src 'self'), so the build must emit no
// inline script or style: the module preload polyfill (an inline script) is off, all CSS goes
// to one file linked from index.html, and cspGuard fails the build if anything inline slips in.
import { defineConfig, type Plugin } from 'vite';

/** Fails the build when the output would break the page's Content-Security-Policy. */
function cspGuard(): Plugin {
  const htmlRules: [RegExp, string][] = [
    [/<script\b(?![^>]*\bsrc\s*=)[^>]*>/i, 'an inline <script> (script-src has no unsafe-inline)'],
    [/<style\b/i, 'an inline <style> block (style-src has no unsafe-inline)'],
    [/<[a-z][^>]*\sstyle\s*=/i, 'a style="" attribute (style-src has no unsafe-inline)'],
    [/<[a-z][^>]*\son[a-z]+\s*=/i, 'an inline event handler attribute'],
    [/(src|href)\s*=\s*["']?(https?:)?\/\//i, 'a resource from another origin'],
  ];
  const jsRules: [RegExp, string][] = [
    [/createElement\(\s*[`'"]style[`'"]\s*\)/, 'code that injects <style> elements at run time'],
    [/\beval\(|\bnew Function\(/, 'eval or new Function (script-src has no unsafe-eval)'],
  ];
  return {
    name: 'evp-csp-guard',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        const text = file.type === 'asset' ? String(file.source) : file.code;
        const rules = file.fileName.endsWith('.html') ? htmlRules : file.type === 'chunk' ? jsRules : [];
        for (const [re, what] of rules) {
          const m = re.exec(text);
          if (m) this.error(`${file.fileName} contains ${what}: ${m[0].slice(0, 80)}`);
        }
      }
    },
  };
}

export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [cspGuard()],
  build: {
    target: 'es2022',
    assetsDir: 'assets',
    modulePreload: { polyfill: false },
    cssCodeSplit: false,
    // Nothing is inlined as a data: URL into scripts or CSS.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npm run dev` against a running `evp ui` (EVP_UI_URL, default http://127.0.0.1:8000).
    proxy: {
      '/api': { target: process.env.EVP_UI_URL ?? 'http://127.0.0.1:8000', changeOrigin: true },
    },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
  },
});
