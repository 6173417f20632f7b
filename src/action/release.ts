/** Release mode in the action: run, tag through the API, and report in the log, summary and outputs. */
import * as core from '@actions/core';
import { escapeTableCell, inlineCode } from '../render/markdown.js';
import { formatPercent, formatUsd } from '../lib/format.js';
import { promptChangedInGit } from '../release/git-tags.js';
import type { TagToCreate } from '../release/plan.js';
import { releaseLogLines, renderReleaseSummary } from '../release/release-report.js';
import { runRelease, type ReleaseOutcome } from '../release/run-release.js';
import { VERSION } from '../lib/version.js';
import type { ActionContext } from './context.js';
import { createActionClient } from './github-client.js';
import { describeGitHubError } from './github-errors.js';
import { gitHubTagStore } from './github-tag-store.js';
import { engineOptionsFor, repositoryDir, resultsPathFor, type ActionInputs } from './inputs.js';
import { customCheckPolicy } from './custom-checks.js';
import { createRelease } from './tags-api.js';
import { sinksFor } from '../publish/sinks.js';

/** The release body: what passed, on which model, at what cost. */
export function releaseBody(tag: TagToCreate): string {
  const { summary } = tag.suite;
  return [
    `Prompt folder ${inlineCode(tag.folder)} at ${tag.commit.slice(0, 12)}, tested by promptgate ${VERSION}.`,
    '',
    '| Pass rate | Tests | Tokens (in / out) | Cost per suite run | Model |',
    '|---|---|---|---|---|',
    `| ${formatPercent(summary.passRate)} | ${summary.passed}/${summary.total} | ${summary.inputTokens} / ${summary.outputTokens} | ${formatUsd(summary.costUsd)} | ${escapeTableCell(`${tag.suite.provider} ${tag.suite.model}`)} |`,
  ].join('\n');
}

/**
 * Every outcome ends the same way: log lines, the job summary, the tags-* outputs, then the
 * verdict. A failure before any tag was attempted (listing the tags, an unknown promote
 * target) is reported like a failed tag, not thrown past the summary.
 */
export async function runReleaseMode(
  inputs: ActionInputs,
  context: ActionContext,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<void> {
  const sinks = sinksFor(env);
  const repoDir = repositoryDir(inputs, context.workspace);
  let outcome: ReleaseOutcome | undefined;
  let fatal: string | undefined;
  if (!inputs.githubToken) {
    fatal = 'release mode needs the github-token input (with `permissions: contents: write`) to create tags';
  } else {
    const client = createActionClient(inputs.githubToken, context.apiUrl, env);
    const repo = { owner: context.owner, repo: context.repo };
    try {
      outcome = await runRelease({
        // The job's cancel (SIGINT / SIGTERM) stops the calls, and then every tag write.
        engine: {
          ...engineOptionsFor(inputs, repoDir, env, (message) => core.warning(message)),
          signal,
          customChecks: customCheckPolicy(context, repoDir),
        },
        store: gitHubTagStore(client, repo),
        commit: context.sha,
        productionAlias: inputs.productionAlias,
        ...(inputs.promote ? { promote: inputs.promote } : {}),
        ...(inputs.canary ? { canary: inputs.canary } : {}),
        promptChanged: (tagCommit, folder) => promptChangedInGit(repoDir, tagCommit, context.sha, folder),
        ...(inputs.createRelease
          ? {
              onTagCreated: async (tag) => {
                await createRelease(client, { ...repo, tag: tag.tag, name: tag.tag, body: releaseBody(tag) });
              },
            }
          : {}),
      });
    } catch (error) {
      fatal = describeGitHubError(error, 'run the release');
    }
  }

  const log = sinks.logLine;
  if (outcome?.engine) {
    const { results } = outcome.engine;
    core.info(sinks.console(results, { color: false }));
    const resultsFile = resultsPathFor(inputs, repoDir, env);
    await sinks.writeResults(resultsFile, results);
    core.setOutput('results-file', resultsFile);
    core.setOutput('pass-rate', results.summary.passRate === null ? '' : results.summary.passRate.toFixed(4));
  }
  const report = { ...(outcome ? { outcome } : {}), ...(fatal ? { fatal } : {}), commit: context.sha };
  for (const line of releaseLogLines(report)) core.info(log(line));
  await core.summary.addRaw(sinks.text(renderReleaseSummary(report))).write();
  core.setOutput('tags-created', JSON.stringify(outcome?.created ?? []));
  core.setOutput('tags-skipped', JSON.stringify(outcome?.skipped ?? []));
  core.setOutput('tags-failed', JSON.stringify(outcome?.failed ?? []));

  const failures = [...(fatal ? [fatal] : []), ...(outcome?.failed.map((failure) => failure.reason) ?? [])];
  if (outcome?.cancelled || signal?.aborted) {
    // Cancelled: the step fails whatever the figures say, and no tag was written after the signal.
    core.setFailed(
      log(
        `promptgate release was cancelled: no tag was created or moved after the signal${outcome?.created.length ? ` (${outcome.created.length} created before it)` : ''}; results.json and the job summary hold the tests that ran.${failures.length > 0 ? `\n${failures.map((f) => `- ${f}`).join('\n')}` : ''}`,
      ),
    );
  } else if (failures.length > 0) {
    core.setFailed(
      log(
        `promptgate release: ${failures.length === 1 ? failures[0] : `${failures.length} tags failed:\n${failures.map((f) => `- ${f}`).join('\n')}`}`,
      ),
    );
  } else if (outcome?.engine?.results.gate.exitCode === 2) {
    core.setFailed('Nothing could be judged: every prompt folder has input problems.');
  }
}
