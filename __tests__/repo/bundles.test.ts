import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { basename, join, relative, sep } from 'node:path';

// What rollup.config.js promises about the committed bundles, checked on the files themselves
// (the pretest step rebuilds dist/ when its sources changed, so these are the bundles that ship).
const dist = join(import.meta.dirname, '..', '..', 'dist');
const bundles = readdirSync(dist, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.js'))
  .map((name) => ({ name, code: readFileSync(join(dist, name), 'utf8') }));

/** The module specifiers of a chunk's static import and export-from statements. */
function staticSpecifiers(code: string): string[] {
  const statements = code.matchAll(/^(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?['"]([^'"]+)['"];?$/gm);
  return [...statements].map((match) => match[1]!);
}

describe('the committed bundles', () => {
  it('are the action entry, the CLI entry and their chunks', () => {
    const names = bundles.map((bundle) => relative(dist, join(dist, bundle.name)));
    expect(names).toEqual(expect.arrayContaining(['index.js', 'cli.js', join('chunks', 'engine.js'), join('runtime', 'index.js')]));
    expect(names.length).toBeGreaterThan(10);
  });

  it('hold each provider SDK once: the action and the CLI share their chunks, which import no package but the CLI types command', () => {
    const sdkChunks = bundles
      .filter((bundle) => !bundle.name.startsWith(`runtime${sep}`))
      .filter((bundle) => /^(?:openai|anthropic|bedrock|vertex)\.js$/.test(basename(bundle.name)))
      .map((bundle) => bundle.name)
      .sort();
    expect(sdkChunks).toEqual(['anthropic.js', 'bedrock.js', 'openai.js', 'vertex.js'].map((name) => join('chunks', name)));
    // GitHub runs dist/index.js with no node_modules: only Node built-ins and our own chunks.
    const packages = bundles
      .filter((bundle) => !bundle.name.startsWith(`runtime${sep}`))
      .flatMap((bundle) => [
        ...staticSpecifiers(bundle.code),
        ...[...bundle.code.matchAll(/\bimport\('([^'\n]+)'\)/g)].map((match) => match[1]!),
      ])
      .filter((specifier) => !specifier.startsWith('.') && !isBuiltin(specifier));
    expect([...new Set(packages)]).toEqual(['json-schema-to-typescript']);
  });

  it('are ASCII only (Node decodes an ASCII module several times faster)', () => {
    const withOtherCharacters = bundles.filter((bundle) => /[^\x00-\x7f]/.test(bundle.code)).map((bundle) => bundle.name);
    expect(withOtherCharacters).toEqual([]);
  });

  it('take Node built-ins with process.getBuiltinModule, never as ES modules (no export-reading facade)', () => {
    const builtinImports = bundles.flatMap((bundle) =>
      staticSpecifiers(bundle.code)
        .filter((specifier) => isBuiltin(specifier))
        .map((specifier) => `${bundle.name}: ${specifier}`),
    );
    expect(builtinImports).toEqual([]);
    // The chunks do use built-ins: the check above must be looking at real imports.
    const chunkImports = bundles.flatMap((bundle) => staticSpecifiers(bundle.code));
    expect(chunkImports.some((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))).toBe(true);
    expect(bundles.some((bundle) => bundle.code.includes('globalThis.process.getBuiltinModule("node:fs")'))).toBe(true);
  });
});
