// Two ESM bundles with their chunks, all committed in dist/ like every JavaScript action:
// dist/index.js is what action.yml runs; dist/cli.js is what bin/promptgate.js runs.
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

/**
 * Writes every non-ASCII character as a \uXXXX escape (one per UTF-16 unit, so astral
 * characters become surrogate pairs, which mean the same in strings, templates, regexes with
 * or without the u flag, and comments). Node decodes an all-ASCII module ~5× faster and V8
 * parses it as one-byte text: ~18 ms of every start-up (README, "Speed"). The bundles hold no
 * String.raw and no non-ASCII identifiers, where an escape would change the meaning.
 */
const asciiOnly = () => ({
  name: 'ascii-only',
  renderChunk(code) {
    if (code.includes('String.raw')) this.error('ascii-only: String.raw would see the escapes');
    return { code: code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`), map: null };
  },
});

const plugins = () => [
  typescript({ tsconfig: './tsconfig.json', noEmit: false, include: ['src/**/*.ts'], outDir: 'dist', declaration: false }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'import', 'default'] }),
  commonjs(),
  json(),
  asciiOnly(),
];

const onwarn = (warning, warn) => {
  // The SDKs and the toolkit use `this` at module top level and circular imports; both are harmless.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

export default [
  {
    // The action, chunked like the CLI: a provider SDK, the git object reader or `yaml` is
    // parsed only by a run that uses it (one file made every run decode and compile 5.3 MB,
    // ~0.5 s of CPU before the first step). The chunks are committed beside dist/index.js.
    input: { index: 'src/index.ts' },
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'action-chunks/[name].js' },
    plugins: plugins(),
    onwarn,
  },
  {
    // The CLI keeps each provider SDK in its own chunk, imported on the first live call, so a
    // replayed run starts without parsing either SDK.
    input: { cli: 'src/cli-entry.ts' },
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'cli-chunks/[name].js' },
    plugins: plugins(),
    onwarn,
  },
];
