#!/usr/bin/env node
// `npm test` runs this first (pretest): the end-to-end tests run dist/index.js and dist/cli.js,
// so they must never run a bundle built from other sources. The check is by content, not by
// file times (`git checkout -- dist` gives an old bundle a new time): a stamp records the hash
// of every build input and of the bundles a build produced. When either differs, it builds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(root, 'node_modules', '.cache', 'promptgate', 'dist-stamp.json');
// src/generated is itself built from schemas/, which is an input.
const INPUTS = ['src', 'schemas', 'rollup.config.js', 'tsconfig.json', 'package-lock.json', 'scripts/build-validators.mjs'];
const SKIP = new Set(['src/generated']);

function filesUnder(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true })
    .flatMap((entry) => {
      const child = relative(root, join(full, entry.name));
      if (SKIP.has(child)) return [];
      return entry.isDirectory() ? filesUnder(child) : [child];
    })
    .sort();
}

function hashOf(paths) {
  const hash = createHash('sha256');
  for (const path of paths)
    hash
      .update(`${path}\0`)
      .update(readFileSync(join(root, path)))
      .update('\0');
  return hash.digest('hex');
}

const inputHash = () => hashOf(INPUTS.flatMap(filesUnder));
// Every file of dist/ (the entry bundles, named so that a missing one is reported, and the
// chunks they import).
const bundleHashes = () =>
  Object.fromEntries(
    ['dist/index.js', 'dist/cli.js', ...filesUnder('dist')].map((path) => [
      path,
      existsSync(join(root, path)) ? hashOf([path]) : 'missing',
    ]),
  );

function staleReason(stamp) {
  if (!stamp) return 'no record of the build that made dist/';
  if (stamp.inputs !== inputHash()) return 'the sources changed since dist/ was built';
  const bundles = bundleHashes();
  for (const [path, hash] of Object.entries(bundles)) {
    if (stamp.bundles[path] !== hash) return `${path} is not the bundle the last build produced`;
  }
  for (const path of Object.keys(stamp.bundles)) {
    if (!(path in bundles)) return `${path} is gone since the last build`;
  }
  return undefined;
}

const stamp = existsSync(STAMP) ? JSON.parse(readFileSync(STAMP, 'utf8')) : undefined;
const reason = staleReason(stamp);
if (reason) {
  console.log(`pretest: building dist/ (${reason})`);
  const inputs = inputHash();
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, JSON.stringify({ inputs, bundles: bundleHashes() }, null, 2));
}
