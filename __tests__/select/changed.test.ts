import { describe, expect, it } from '@jest/globals';
import { selectChangedFolders, unreadableChanges } from '../../src/select/changed.js';
import type { LoadedFolder } from '../../src/load/types.js';

function folder(path: string, files: string[] = []): LoadedFolder {
  return { ok: false, path, id: path, version: 'v1', errors: [], files: [`${path}/tests.yaml`, `${path}/system.txt`, ...files] };
}

describe('selectChangedFolders', () => {
  const head = [
    folder('prompts/support/v2.0', ['prompts/shared/support.schema.json']),
    folder('prompts/review/v1'),
    folder('prompts/renamed/v1'),
  ];
  const basePaths = ['prompts/support/v2.0', 'prompts/review/v1', 'prompts/old/v1', 'prompts/deleted/v1'];

  it('selects a folder when a file inside it changed', () => {
    const selection = selectChangedFolders(head, basePaths, [{ path: 'prompts/review/v1/system.txt', status: 'modified' }]);
    expect(selection.selected).toEqual(['prompts/review/v1']);
  });

  it('selects a folder when a shared file it reads changed', () => {
    const selection = selectChangedFolders(head, basePaths, [{ path: 'prompts/shared/support.schema.json', status: 'modified' }]);
    expect(selection.selected).toEqual(['prompts/support/v2.0']);
  });

  it('leaves a promptgate.yaml change to the comparison of both sides (config-change.ts): no folder is touched by its files', () => {
    const selection = selectChangedFolders(head, basePaths, [{ path: 'promptgate.yaml', status: 'modified' }]);
    expect(selection.selected).toEqual([]);
  });

  it('selects nothing for a change outside prompt folders', () => {
    const selection = selectChangedFolders(head, basePaths, [{ path: 'src/app.ts', status: 'modified' }]);
    expect(selection).toEqual({ selected: [], renamedFrom: new Map(), removed: [] });
  });

  it('matches a renamed folder to its base path and reports a deleted one as removed', () => {
    const selection = selectChangedFolders(head, basePaths, [
      { path: 'prompts/renamed/v1/tests.yaml', status: 'renamed', previousPath: 'prompts/old/v1/tests.yaml' },
      { path: 'prompts/renamed/v1/system.txt', status: 'renamed', previousPath: 'prompts/old/v1/system.txt' },
      { path: 'prompts/deleted/v1/tests.yaml', status: 'deleted' },
    ]);
    expect(selection.selected).toEqual(['prompts/renamed/v1']);
    expect(selection.renamedFrom).toEqual(new Map([['prompts/renamed/v1', 'prompts/old/v1']]));
    expect(selection.removed).toEqual(['prompts/deleted/v1']);
  });

  it('decides a folder rename by the files that define a prompt, not by shared boilerplate', () => {
    const selection = selectChangedFolders(
      [folder('p/new/v1'), folder('p/fresh/v1')],
      ['p/old/v1', 'p/twin/v1'],
      [
        // git paired the identical schema.json with the wrong twin; the template says where it came from
        { path: 'p/new/v1/system.txt', status: 'renamed', previousPath: 'p/old/v1/system.txt' },
        { path: 'p/new/v1/schema.json', status: 'renamed', previousPath: 'p/twin/v1/schema.json' },
        { path: 'p/new/v1/prompt.yaml', status: 'renamed', previousPath: 'p/twin/v1/prompt.yaml' },
        // an unrelated new folder that happens to share a prompt.yaml with a deleted one
        { path: 'p/fresh/v1/prompt.yaml', status: 'renamed', previousPath: 'p/twin/v1/prompt.yaml' },
        { path: 'p/twin/v1/system.txt', status: 'deleted' },
      ],
    );
    expect(selection.renamedFrom).toEqual(new Map([['p/new/v1', 'p/old/v1']]));
    expect(selection.removed).toEqual(['p/twin/v1']);
  });

  it('does not take a sibling folder with a common prefix for the changed one', () => {
    const selection = selectChangedFolders(
      [folder('prompts/a/v1'), folder('prompts/a/v10')],
      [],
      [{ path: 'prompts/a/v10/tests.yaml', status: 'modified' }],
    );
    expect(selection.selected).toEqual(['prompts/a/v10']);
  });

  it('matches a path with a backslash or a newline exactly, as the pull request files API lists it', () => {
    const odd = [folder('prompts/team\\support/v1'), folder('prompts/line\nbreak/v1'), folder('prompts/team/support/v1')];
    const selection = selectChangedFolders(
      odd,
      [],
      [
        { path: 'prompts/team\\support/v1/system.txt', status: 'modified' },
        { path: 'prompts/line\nbreak/v1/tests.yaml', status: 'modified' },
      ],
    );
    // The backslash is part of the name: `team/support` is another folder, untouched.
    expect(selection.selected).toEqual(['prompts/team\\support/v1', 'prompts/line\nbreak/v1']);
  });
});

describe('unreadableChanges', () => {
  it('turns each path promptgate cannot attribute into a diagnostic naming it, and nothing else', () => {
    expect(
      unreadableChanges([
        { path: 'prompts/ok/system.txt', status: 'modified' },
        { path: 'prompts/caf\\xe9/system.txt', status: 'added', unreadable: 'the path is not valid UTF-8' },
      ]),
    ).toEqual([{ file: 'prompts/caf\\xe9/system.txt', message: 'changed, but the path is not valid UTF-8; rename it to test it' }]);
  });
});
