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
    input: 'src/cli-entry.ts',
    output: { file: 'dist/cli.js', format: 'es', inlineDynamicImports: true },
    plugins: plugins(),
    onwarn,
  },
];
