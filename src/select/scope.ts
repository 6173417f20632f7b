import { pairSuites, type SuitePair } from './pairing.js';
import { isTouchedBy, REPO_CONFIG_FILES, selectChangedFolders } from './changed.js';
import type { LoadedFolder } from '../load/types.js';
import { identityOf, pathOf } from '../load/side.js';
import type { ChangedPath } from '../git/git.js';
import type { BaseRef } from './base.js';

/** Which head folders run: all of them, or those the change touches. */
export interface ChangeScope {
  changes: ChangedPath[] | undefined;
  isSelected(loaded: LoadedFolder): boolean;
  /**
   * The change includes promptgate.yaml: which folders it touches is known only once both
   * sides are loaded (config-change.ts), so the head starts none before then.
   */
  configChanged: boolean;
  /** Selects these folders too (those the promptgate.yaml change touches). */
  alsoSelect(paths: ReadonlySet<string>): void;
  notices: string[];
}

/** What the scope is decided from: the caller's known change, and whether only changed folders run. */
export interface ScopeRequest {
  readonly changes?: ChangedPath[] | undefined;
  readonly changedOnly?: boolean | undefined;
}

export function changeScope(options: ScopeRequest, base: BaseRef | undefined): ChangeScope {
  const changes = options.changes ?? base?.changes;
  if (options.changedOnly && !changes) throw new Error('a changed-only run needs a base ref or a list of changed files');
  const notices =
    options.changedOnly && !base ? ['The base commit is not available, so this run is not compared with the base branch.'] : [];
  const configChanged = options.changedOnly === true && (changes ?? []).some((change) => REPO_CONFIG_FILES.includes(change.path));
  const byConfig = new Set<string>();
  return {
    changes,
    isSelected: (loaded) => !options.changedOnly || !changes || isTouchedBy(loaded, changes) || byConfig.has(pathOf(loaded)),
    configChanged,
    alsoSelect: (paths) => paths.forEach((path) => byConfig.add(path)),
    notices,
  };
}

/** The base folders to run and what each head folder is compared with. */
export interface BasePairing {
  pairs: SuitePair[];
  /** Base folders some head folder is compared with: only these run. */
  toRun: LoadedFolder[];
}

export function pairWithBase(head: LoadedFolder[], scope: ChangeScope, base: LoadedFolder[], changes: ChangedPath[]): BasePairing {
  const selection = selectChangedFolders(head, base.map(pathOf), changes);
  const pairs = pairSuites(head.filter(scope.isSelected).map(identityOf), base.map(identityOf), {
    renamedFrom: selection.renamedFrom,
    removedPaths: new Set(selection.removed),
    changedPaths: new Set(selection.selected),
  });
  const wanted = new Set(pairs.filter((pair) => pair.headPath && pair.basePath).map((pair) => pair.basePath));
  return { pairs, toRun: base.filter((loaded) => wanted.has(pathOf(loaded))) };
}
