import type { FolderIdentity } from '../load/types.js';
import { compareVersions } from './version-order.js';

/** How a head suite relates to the base branch. */
export type SuiteChange = 'modified' | 'added' | 'removed' | 'renamed' | 'new-version' | 'unchanged';

/** Which base suite a head suite is compared with (decided by pairSuites). */
export interface SuitePair {
  headPath?: string;
  basePath?: string;
  change: SuiteChange;
}

/**
 * Decides what each head folder is compared with:
 * the same path at base; else the base path git saw it renamed from; else, for a new version
 * folder of an existing prompt (v2.1 added beside v2.0), the newest base version of that id —
 * the comparison a reviewer of a new prompt version actually wants. Base folders that no head
 * folder took and that are gone from head are reported as removed.
 */
export function pairSuites(
  headFolders: FolderIdentity[],
  baseFolders: FolderIdentity[],
  options: { renamedFrom?: Map<string, string>; removedPaths?: Set<string>; changedPaths?: Set<string> } = {},
): SuitePair[] {
  const basePaths = new Set(baseFolders.map((folder) => folder.path));
  const taken = new Set<string>();
  const pairs: SuitePair[] = [];
  for (const folder of headFolders) {
    if (basePaths.has(folder.path)) {
      const unchanged = options.changedPaths !== undefined && !options.changedPaths.has(folder.path);
      pairs.push({ headPath: folder.path, basePath: folder.path, change: unchanged ? 'unchanged' : 'modified' });
      taken.add(folder.path);
      continue;
    }
    const renamedFrom = options.renamedFrom?.get(folder.path);
    if (renamedFrom && basePaths.has(renamedFrom)) {
      pairs.push({ headPath: folder.path, basePath: renamedFrom, change: 'renamed' });
      taken.add(renamedFrom);
      continue;
    }
    const previousVersions = baseFolders.filter((base) => base.id === folder.id).sort((a, b) => compareVersions(b.version, a.version));
    const latest = previousVersions[0];
    if (latest) {
      pairs.push({ headPath: folder.path, basePath: latest.path, change: 'new-version' });
      continue;
    }
    pairs.push({ headPath: folder.path, change: 'added' });
  }
  for (const path of options.removedPaths ?? []) {
    if (basePaths.has(path) && !taken.has(path)) pairs.push({ basePath: path, change: 'removed' });
  }
  return pairs;
}
