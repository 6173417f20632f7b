import { posix } from 'node:path';
import type picomatch from 'picomatch';
import type { Diagnostic } from '../lib/diagnostics.js';
import { normalizeRepoPath, UnsafeFileError, type FileSource } from './files/file-source.js';

/** The two files that make a folder a prompt folder (DESIGN.md, a public contract). */
export const PROMPT_FOLDER_MARKERS = ['tests.yaml', 'system.txt'] as const;

const IGNORED_SEGMENT = /(^|\/)(node_modules|\.git)(\/|$)/;

export interface Discovery {
  /** Prompt folder paths, repository-relative, sorted, without duplicates. */
  folders: string[];
  diagnostics: Diagnostic[];
}

/**
 * Every prompt folder the roots reach. A root may be a folder (searched recursively), a prompt
 * folder itself, a file inside one (its folder is meant), or a glob (`prompts/**`,
 * `prompts/*\/v2.0`): a glob that matches a folder takes everything inside it.
 */
export async function discoverPromptFolders(source: FileSource, roots: string[]): Promise<Discovery> {
  const found = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const knownFolders = new Map<string, Promise<boolean>>();
  const isPromptFolder = (dir: string) => {
    let known = knownFolders.get(dir);
    if (!known) {
      known = Promise.all(PROMPT_FOLDER_MARKERS.map((marker) => exists(source, join(dir, marker)))).then((found) => found.every(Boolean));
      knownFolders.set(dir, known);
    }
    return known;
  };

  for (const rawRoot of roots) {
    const root = normalizeRepoPath(rawRoot);
    if (root === '..' || root.startsWith('../') || posix.isAbsolute(root)) {
      diagnostics.push({ file: rawRoot, message: 'is outside the repository; give a path relative to the repository root' });
      continue;
    }
    const selection = await selectFiles(source, root);
    if (selection.files.length === 0) {
      diagnostics.push({ file: rawRoot, message: selection.isGlob ? 'matches no files' : 'does not exist or holds no files' });
      continue;
    }
    // What the listing shows is authoritative; folders above it are asked about directly.
    for (const dir of foldersHoldingMarkers(selection.listing)) knownFolders.set(dir, Promise.resolve(true));
    const owners = new Set<string>();
    for (const file of selection.files) {
      const owner = await owningPromptFolder(file, selection.listedDir, selection.listing, isPromptFolder);
      if (owner !== undefined) owners.add(owner);
    }
    if (owners.size === 0 && selection.isFile) {
      diagnostics.push({ file: rawRoot, message: 'is not inside a prompt folder (a folder holding tests.yaml and system.txt)' });
    }
    for (const owner of owners) found.add(owner);
  }
  return { folders: [...found].sort(), diagnostics };
}

interface Selection {
  /** The root's files (a file root: itself). */
  files: string[];
  /** Everything listed under `listedDir`, to recognise prompt folders without reading. */
  listing: Set<string>;
  listedDir: string | undefined;
  isGlob: boolean;
  isFile: boolean;
}

/**
 * A file that exists, even one promptgate refuses to read (a symlink out of the repository):
 * its folder is still a prompt folder, and loading it says what is wrong instead of the folder
 * silently not being there.
 */
async function exists(source: FileSource, path: string): Promise<boolean> {
  try {
    return (await source.read(path)) !== undefined;
  } catch (error) {
    if (error instanceof UnsafeFileError) return true;
    throw error;
  }
}

async function selectFiles(source: FileSource, root: string): Promise<Selection> {
  // A path that exists is taken as written, even one with glob characters (`my (copy)`).
  if (root !== '' && (await exists(source, root))) {
    return { files: [root], listing: new Set(), listedDir: undefined, isGlob: false, isFile: true };
  }
  const listed = await listFiles(source, root);
  if (listed.length > 0 || !(await isGlob(root))) {
    return { files: listed, listing: new Set(listed), listedDir: root, isGlob: false, isFile: false };
  }
  const { base } = (await loadPicomatch()).scan(root);
  const everything = await listFiles(source, base);
  const matches = await compileGlob(root);
  const files = everything.filter((file) => selfOrAncestors(file).some((path) => matches(path)));
  return { files, listing: new Set(everything), listedDir: base, isGlob: true, isFile: false };
}

async function listFiles(source: FileSource, dir: string): Promise<string[]> {
  const files = await source.list(dir === '' ? '.' : dir);
  return files.map(normalizeRepoPath).filter((file) => !IGNORED_SEGMENT.test(file));
}

function foldersHoldingMarkers(listing: Set<string>): string[] {
  const [first, second] = PROMPT_FOLDER_MARKERS;
  return [...listing]
    .filter((file) => posix.basename(file) === first)
    .map((file) => dirOf(file))
    .filter((dir) => listing.has(join(dir, second)));
}

/** The nearest folder at or above the file's own folder that is a prompt folder. */
async function owningPromptFolder(
  file: string,
  listedDir: string | undefined,
  listing: Set<string>,
  isPromptFolder: (dir: string) => Promise<boolean>,
): Promise<string | undefined> {
  for (let dir = dirOf(file); ; dir = dirOf(dir)) {
    const insideListing = listedDir !== undefined && (listedDir === '' || dir === listedDir || dir.startsWith(`${listedDir}/`));
    if (insideListing) {
      if (PROMPT_FOLDER_MARKERS.every((marker) => listing.has(join(dir, marker)))) return dir;
    } else if (await isPromptFolder(dir)) {
      return dir;
    }
    if (dir === '') return undefined;
  }
}

function dirOf(path: string): string {
  const dir = posix.dirname(path);
  return dir === '.' ? '' : dir;
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function selfOrAncestors(path: string): string[] {
  const paths = [path];
  for (let dir = dirOf(path); dir !== ''; dir = dirOf(dir)) paths.push(dir);
  return paths;
}

// ---------------------------------------------------------------------------------------------
// Globs are picomatch's (`*`, `?`, `**`, `{a,b}`, `[ab]`); `*` matches dot files, as before.

// Loaded only when a root is not a path that exists: most runs never parse it.
const loadPicomatch = async () => (await import('picomatch')).default;

async function isGlob(path: string): Promise<boolean> {
  return (await loadPicomatch()).scan(path).isGlob;
}

/** POSIX rules on every platform: repository paths always use `/`. */
const GLOB_OPTIONS = { dot: true, windows: false } as picomatch.PicomatchOptions;

export async function compileGlob(pattern: string): Promise<(path: string) => boolean> {
  return (await loadPicomatch())(normalizeRepoPath(pattern), GLOB_OPTIONS);
}
