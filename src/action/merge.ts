import * as core from '@actions/core';
import { glob } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { describeGateFailure } from '../gate/decide.js';
import type { ResultsFile } from '../results/model.js';
import { MergeCancelled, mergeShards, readShardFiles } from '../shard/merge.js';
import type { ActionContext } from './context.js';
import { createActionClient } from './github-client.js';
import { repositoryDir, type ActionInputs } from './inputs.js';
import { applyGate, publishResults } from './publish.js';

/**
 * `mode: merge`: the job after a matrix of shard jobs. It joins their results files (usually
 * downloaded artifacts) into the results of one unsharded run and then reports exactly as the
 * pull request gate does: job summary, annotations, outputs, the one comment, and the gate.
 * A set of files that is not one run (a shard missing, shards of different commits, a file
 * that is not a results.json) fails the job with every problem named, and nothing is
 * published. So does a cancel (SIGINT / SIGTERM) that comes before the merge is done.
 */
export async function runMerge(inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<void> {
  const repoDir = repositoryDir(inputs, context.workspace);
  const files = await expandResultsFiles(inputs.resultsFiles, repoDir);
  let results: ResultsFile;
  try {
    results = mergeShards(await readShardFiles(files, { cwd: repoDir, signal }));
    if (signal?.aborted) throw new MergeCancelled(signal);
  } catch (error) {
    if (!(error instanceof MergeCancelled)) throw error;
    throw new Error(`promptgate merge was cancelled (${error.reason}): nothing was merged or published.`, { cause: error });
  }
  core.info(`Merged ${files.length} shard results: ${files.join(', ')}`);
  const client = inputs.githubToken ? createActionClient(inputs.githubToken, context.apiUrl, env) : undefined;
  const pr = context.pullRequest;
  // As the unsharded job: links point at the commit the shards ran.
  await publishResults(results, {
    inputs,
    context,
    env,
    repoDir,
    headSha: results.ref ?? pr?.headSha ?? context.sha,
    commentOn: pr,
    client,
  });
  applyGate(results);
}

/** `results-files` entries are paths or globs, relative to the repository directory; named as found there. */
async function expandResultsFiles(entries: readonly string[], repoDir: string): Promise<string[]> {
  if (entries.length === 0)
    throw new Error('mode "merge" needs the input "results-files": the paths or globs of every shard\'s results.json');
  const found = new Set<string>();
  for (const entry of entries) {
    const before = found.size;
    for await (const path of glob(entry, { cwd: repoDir })) {
      const inside = relative(repoDir, resolve(repoDir, path));
      found.add(inside.startsWith('..') || isAbsolute(inside) ? resolve(repoDir, path) : inside);
    }
    if (found.size === before) throw new Error(`results-files: "${entry}" matches no file (were the shard artifacts downloaded?)`);
  }
  return [...found].sort();
}

/**
 * A shard job's verdict, as the gate decided it for a share: its pass rate never fails the job
 * (the merge job is the one gate), only what makes the whole run unjudgeable (exit code 2).
 */
export function applyShardGate(results: ResultsFile): void {
  if (results.gate.exitCode === 2) {
    const failure = describeGateFailure(results.gate, results.diagnostics);
    core.setFailed(failure ?? 'promptgate could not judge this change.');
  }
}
