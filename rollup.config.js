// Three ESM bundles with their chunks, all committed in dist/ like every JavaScript action:
// dist/index.js is what action.yml runs; dist/cli.js is what bin/promptgate.js runs;
// dist/runtime/index.js (with its declarations, index.d.ts) is the package export
// `promptgate/runtime` an app imports.
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dts } from 'rollup-plugin-dts';

/**
 * Writes every non-ASCII character as a \uXXXX escape (one per UTF-16 unit, so astral
 * characters become surrogate pairs, which mean the same in strings, templates, regexes with
 * or without the u flag, and comments). Node decodes an all-ASCII module several times faster
 * and V8 parses it as one-byte text, which shortens every start-up (docs/speed.md). The
 * bundles hold no String.raw and no non-ASCII identifiers, where an escape would change the
 * meaning.
 */
const asciiOnly = () => ({
  name: 'ascii-only',
  renderChunk(code) {
    if (code.includes('String.raw')) this.error('ascii-only: String.raw would see the escapes');
    return { code: code.replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`), map: null };
  },
});

/**
 * Takes Node's built-in modules with `process.getBuiltinModule` instead of `import`. Importing
 * a built-in as ESM makes Node build a facade module that reads every export, which runs lazy
 * getters (node:util's TextDecoder loads the ICU text decoder, node:fs's `promises`, …). The
 * action's chunks import ~40 built-ins: taken directly, its start-up is measurably shorter
 * (docs/speed.md); the CLI's, with 9, gains less. The bindings are the same objects ESM gives
 * (a namespace import becomes the module's exports, which carry the same members), assigned at
 * the top of the chunk where the import stood. `globalThis.process` because a chunk may have
 * a binding of its own named `process`. Any import of a built-in this does not understand stops
 * the build, so none is left as ESM by accident.
 */
const builtinsWithoutFacades = () => ({
  name: 'builtins-without-facades',
  renderChunk(code, chunk) {
    const take = (source) => `globalThis.process.getBuiltinModule(${JSON.stringify(source)})`;
    const named = (list) =>
      list
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => part.replace(/^([\w$]+)\s+as\s+([\w$]+)$/, '$1: $2'));
    let rewritten = code.replace(
      /^import\s+(?:([\w$]+)\s*(?:,\s*)?)?(?:\*\s+as\s+([\w$]+)|\{([^}]*)\})?\s*from\s*'([^']+)';$/gm,
      (statement, defaultName, namespaceName, names, source) => {
        if (!isBuiltin(source)) return statement;
        const bindings = names === undefined ? [] : named(names);
        if (bindings.some((binding) => binding.startsWith('default')))
          this.error(`builtins-without-facades: ${chunk.fileName}: ${statement}`);
        const moduleName = defaultName ?? namespaceName;
        if (moduleName === undefined) return `const { ${bindings.join(', ')} } = ${take(source)};`;
        const whole = `const ${moduleName} = ${take(source)};`;
        return bindings.length === 0 ? whole : `${whole} const { ${bindings.join(', ')} } = ${moduleName};`;
      },
    );
    // A bare `import 'node:x';` (rollup keeps the import order of what a chunk depends on).
    rewritten = rewritten.replace(/^import\s*'([^']+)';$/gm, (statement, source) => (isBuiltin(source) ? `${take(source)};` : statement));
    const left = /^(?:import|export)\b[^;]*?(?:from\s*)?'([^']+)';$/gm;
    for (const [statement, source] of rewritten.matchAll(left)) {
      if (isBuiltin(source)) this.error(`builtins-without-facades: ${chunk.fileName}: left as an import: ${statement}`);
    }
    return { code: rewritten, map: null };
  },
});

const root = fileURLToPath(new URL('.', import.meta.url));

/** The bundles' plugins; also used by scripts/bench.mjs to bundle the replay floor the same way. */
export const plugins = ({ outDir = join(root, 'dist') } = {}) => [
  typescript({
    tsconfig: join(root, 'tsconfig.json'),
    noEmit: false,
    include: [join(root, 'src/**/*.ts')],
    outDir,
    declaration: false,
    // src/ imports schemas/results.schema.json (the merge validates results files against it):
    // without a fixed root, TypeScript would take the common folder of its inputs for one.
    rootDir: root,
  }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'import', 'default'] }),
  commonjs(),
  json(),
  builtinsWithoutFacades(),
  asciiOnly(),
];

const onwarn = (warning, warn) => {
  // The SDKs and the toolkit use `this` at module top level and circular imports; both are harmless.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
};

/**
 * The runtime is a library: an app installs promptgate's dependencies, so they stay imports
 * (one copy of each, shared with the app; @opentelemetry/api must be the app's own for its SDK to
 * see our spans). Only promptgate's own code is bundled.
 */
const packageImport = (id, importer) => importer !== undefined && /^(?:@[\w-][\w.-]*\/)?[\w-][\w.-]*(?:\/.*)?$/.test(id) && !isBuiltin(id);

/** json-schema-to-typescript (the CLI's `types`) brings Prettier: loaded from node_modules, never bundled. */
const cliExternal = (id) => id === 'json-schema-to-typescript';

export default [
  {
    // The action, chunked like the CLI: a provider SDK, the git object reader or `yaml` is
    // parsed only by a run that uses it (one file made every run decode and compile all of it
    // before the first step; docs/speed.md). The chunks are committed beside dist/index.js.
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
    external: cliExternal,
    plugins: plugins(),
    onwarn,
  },
  {
    // The runtime: light (no CLI, no GitHub code), each provider SDK and the refresh's loader in
    // chunks of their own, imported when first needed.
    input: { index: 'src/runtime/index.ts' },
    output: { dir: 'dist/runtime', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name].js' },
    external: packageImport,
    plugins: plugins({ outDir: join(root, 'dist/runtime') }),
    onwarn,
  },
  {
    // Its declarations, in one file: dist/runtime/index.d.ts (package.json exports ./runtime types).
    input: { index: 'src/runtime/index.ts' },
    output: { dir: 'dist/runtime', format: 'es', entryFileNames: '[name].d.ts' },
    external: packageImport,
    plugins: [
      dts({ tsconfig: join(root, 'tsconfig.json'), compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true } }),
    ],
  },
];
