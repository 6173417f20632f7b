import type { Diagnostic } from '../lib/diagnostics.js';
import type { LoadedFolder } from '../load/types.js';
import { compareText } from '../lib/text-order.js';
import type { ChangedPath } from '../git/git.js';

export interface Selection {
  /** Head folder paths the change touches. */
  selected: string[];
  /** Head folder path → the base folder path it was renamed from. */
  renamedFrom: Map<string, string>;
  /** Base folder paths that no longer exist in head. */
  removed: string[];
}

/** How much a renamed file says about where its folder came from. */
const RENAME_WEIGHTS: Record<string, number> = { 'system.txt': 4, 'tests.yaml': 3, 'recordings.json': 3, 'examples.json': 2 };
/** At least the template or the tests must have moved, not just shared boilerplate. */
const MIN_RENAME_WEIGHT = 3;

/** The repository-wide settings file (either spelling). */
export const REPO_CONFIG_FILES = ['promptgate.yaml', 'promptgate.yml'];

function isInside(path: string, folder: string): boolean {
  return folder === '' || folder === '.' || path === folder || path.startsWith(`${folder}/`);
}

function filesOf(loaded: LoadedFolder): string[] {
  return loaded.ok ? loaded.folder.files : loaded.files;
}

function pathOf(loaded: LoadedFolder): string {
  return loaded.ok ? loaded.folder.path : loaded.path;
}

/**
 * Changed paths promptgate cannot attribute to a prompt folder. Each one blocks the gate: a
 * change that cannot be read must never pass as "no prompt changed".
 */
export function unreadableChanges(changes: ChangedPath[]): Diagnostic[] {
  return changes
    .filter((change) => change.unreadable !== undefined)
    .map((change) => ({ file: change.path, message: `changed, but ${change.unreadable}; rename it to test it` }));
}

/**
 * Whether a change touches a folder through its files: a changed file inside it, or any file the
 * folder reads from elsewhere (a shared schema). A change of promptgate.yaml touches the folders
 * whose requests it changes (config-change.ts).
 */
export function isTouchedBy(loaded: LoadedFolder, changes: ChangedPath[]): boolean {
  const folder = pathOf(loaded);
  const files = new Set(filesOf(loaded));
  return changes.some(
    (change) =>
      isInside(change.path, folder) || files.has(change.path) || (change.previousPath !== undefined && files.has(change.previousPath)),
  );
}

/**
 * Which folders a change touches (see isTouchedBy). A folder whose tests.yaml moved is a
 * rename of the folder, matched to its base path; base folders gone from head are removed.
 */
export function selectChangedFolders(head: LoadedFolder[], basePaths: string[], changes: ChangedPath[]): Selection {
  const selected = head.filter((loaded) => isTouchedBy(loaded, changes)).map(pathOf);

  const headPaths = new Set(head.map(pathOf));
  // Git detects renames file by file, and files shared by many prompts (a schema, a
  // prompt.yaml) may be paired with any of their twins: the folder a head folder came from is
  // the one its renamed files mostly came from, the files that make a prompt what it is
  // weighing most, and each base folder is taken once.
  const votes = new Map<string, Map<string, number>>();
  for (const change of changes) {
    if (change.status !== 'renamed' || !change.previousPath) continue;
    const folder = change.path.replace(/\/[^/]+$/, '');
    const previousFolder = change.previousPath.replace(/\/[^/]+$/, '');
    if (!headPaths.has(folder) || !basePaths.includes(previousFolder) || headPaths.has(previousFolder)) continue;
    const tally = votes.get(folder) ?? new Map<string, number>();
    tally.set(previousFolder, (tally.get(previousFolder) ?? 0) + (RENAME_WEIGHTS[change.path.slice(folder.length + 1)] ?? 1));
    votes.set(folder, tally);
  }
  const renamedFrom = new Map<string, string>();
  const ranked = [...votes]
    .flatMap(([folder, tally]) => [...tally].map(([previous, weight]) => ({ folder, previous, weight })))
    // Boilerplate alone (a shared prompt.yaml or schema.json) does not make a rename.
    .filter(({ weight }) => weight >= MIN_RENAME_WEIGHT)
    .sort((a, b) => b.weight - a.weight || compareText(a.folder, b.folder));
  const taken = new Set<string>();
  for (const { folder, previous } of ranked) {
    if (renamedFrom.has(folder) || taken.has(previous)) continue;
    renamedFrom.set(folder, previous);
    taken.add(previous);
  }
  const renamedAway = new Set(renamedFrom.values());
  const removed = basePaths.filter(
    (folder) =>
      !headPaths.has(folder) &&
      !renamedAway.has(folder) &&
      changes.some(
        (change) => (change.status === 'deleted' || change.status === 'renamed') && isInside(change.previousPath ?? change.path, folder),
      ),
  );
  return { selected, renamedFrom, removed };
}
