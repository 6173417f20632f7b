#!/usr/bin/env node
// Rebuilds examples/app/prompts.lock.json: prompts-example released in a throwaway repository
// (replayed from its recordings, so no key is needed) and bundled with --with-recordings, so
// the example app runs offline. Commit dates and identities are fixed, so the same prompts give
// the same commits, tags and lockfile: a rebuild without a prompt change is no diff.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'promptgate-example-'));
const when = '2026-01-01T00:00:00Z';
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'promptgate example',
  GIT_AUTHOR_EMAIL: 'example@promptgate.invalid',
  GIT_COMMITTER_NAME: 'promptgate example',
  GIT_COMMITTER_EMAIL: 'example@promptgate.invalid',
  GIT_AUTHOR_DATE: when,
  GIT_COMMITTER_DATE: when,
};
const git = (...args) =>
  execFileSync('git', ['-c', 'commit.gpgSign=false', '-c', 'tag.gpgSign=false', ...args], { cwd: dir, env, stdio: 'pipe' });
const promptgate = (...args) =>
  execFileSync(process.execPath, [join(root, 'bin', 'promptgate.js'), ...args], { cwd: dir, env, stdio: 'inherit' });
try {
  cpSync(join(root, 'prompts-example'), join(dir, 'prompts-example'), { recursive: true });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'prompts-example');
  promptgate('release', 'prompts-example', '--responses', 'replay', '--quiet');
  promptgate('bundle', '--with-recordings', '--out', join(root, 'examples', 'app', 'prompts.lock.json'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
