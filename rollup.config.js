// Two self-contained ESM bundles, both committed in dist/ like every JavaScript action:
// dist/index.js is what action.yml runs; dist/cli.js is what bin/promptgate.js runs.
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

const plugins = () => [
  typescript({ tsconfig: './tsconfig.json', noEmit: false, include: ['src/**/*.ts'], outDir: 'dist', declaration: false }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'import', 'default'] }),
  commonjs(),
  json(),
];

const onwarn = (warning, warn) => {
  // The SDKs and the toolkit use `this` at module top level and circular imports; both are harmless.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

export default [
  {
    input: 'src/index.ts',
    output: { file: 'dist/index.js', format: 'es', inlineDynamicImports: true },
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
