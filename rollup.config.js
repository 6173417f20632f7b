// ESM bundles with their chunks, all committed in dist/ like every JavaScript action:
// dist/index.js is what action.yml runs and dist/cli.js is what bin/promptgate.js runs (the two
// share the chunks in dist/chunks/); dist/runtime/index.js (with its declarations, index.d.ts) is the package export
// `promptgate/runtime` an app imports.
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
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

/**
 * TypeScript to JavaScript one file at a time (ts.transpileModule), without building a program.
 * The code is written for it (tsconfig.json `isolatedModules`), and its types are checked by
 * `tsc --noEmit` (`npm run typecheck`, the first step of `npm test`), never by the build: the
 * build did not stop on a type error before either. @rollup/plugin-typescript built a program
 * of src/, __tests__/, scripts/ and every SDK's declarations (the AWS SDK's are large) once per
 * bundle, three times a build. A `.js` specifier in src/ names the `.ts` file beside it
 * (NodeNext). The bundles share one cache: a file is transpiled once per build.
 */
const transpiled = new Map();
const transpileTypeScript = () => {
  const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const compilerOptions = {
    ...ts.convertCompilerOptionsFromJson(config.compilerOptions, root).options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: false,
    declaration: false,
    sourceMap: false,
  };
  const src = join(root, 'src');
  return {
    name: 'transpile-typescript',
    resolveId(source, importer) {
      if (!importer?.startsWith(src) || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const candidate = resolve(dirname(importer), `${source.slice(0, -3)}.ts`);
      return existsSync(candidate) ? candidate : null;
    },
    transform(code, id) {
      if (!id.endsWith('.ts') || id.endsWith('.d.ts')) return null;
      const cached = transpiled.get(id);
      if (cached?.code === code) return cached.output;
      const { outputText, diagnostics = [] } = ts.transpileModule(code, { compilerOptions, fileName: id, reportDiagnostics: true });
      for (const diagnostic of diagnostics) this.error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      const output = { code: outputText, map: null };
      transpiled.set(id, { code, output });
      return output;
    },
  };
};

/** The bundles' plugins; also used by scripts/bench.mjs to bundle the replay floor the same way. */
export const plugins = () => [
  transpileTypeScript(),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'import', 'default'] }),
  commonjs(),
  json(),
  builtinsWithoutFacades(),
  asciiOnly(),
];

/**
 * npm installs packages as plain folders (no workspaces, no `file:` links here): resolving each
 * module's real path through its symlinks was a stat per path segment of ~2,500 modules, for
 * nothing.
 */
const preserveSymlinks = true;

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
    // The action and the CLI in one build: their chunks are shared (dist/chunks/), so the SDKs
    // are bundled, and committed, once. Each loads only what it imports: a provider SDK, the git
    // object reader or `yaml` is parsed only by a run that uses it (docs/speed.md), and a
    // replayed run starts without parsing any SDK.
    input: { index: 'src/index.ts', cli: 'src/cli-entry.ts' },
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name].js' },
    external: cliExternal,
    preserveSymlinks,
    plugins: plugins(),
    onwarn,
  },
  {
    // The runtime: light (no CLI, no GitHub code), each provider SDK and the refresh's loader in
    // chunks of their own, imported when first needed.
    input: { index: 'src/runtime/index.ts' },
    output: { dir: 'dist/runtime', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name].js' },
    external: packageImport,
    preserveSymlinks,
    plugins: plugins(),
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
