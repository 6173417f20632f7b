import * as core from '@actions/core';
import type { Octokit } from '@octokit/rest';
import { redact, secretsIn } from '../secrets.js';
import { renderConsoleReport } from '../report/console.js';
import { formatPercent, formatUsd } from '../report/format.js';
import { sanitizeForLog } from '../report/markdown.js';
import { writeResultsFile } from '../report/results-file.js';
import { promptChangedInGit } from '../release/git-tags.js';
import type { ExistingTag, TagToCreate } from '../release/plan.js';
import { runRelease as runReleaseFlow, type TagStore } from '../release/run-release.js';
import { VERSION } from '../version.js';
import type { ActionContext } from './context.js';
import {
  createAnnotatedTag,
  createClient,
  createRelease,
  createTagObject,
  describeGitHubError,
  getTagObject,
  listMatchingTagRefs,
  updateTagRef,
} from './github.js';
import { engineOptionsFor, repositoryDir, resultsPathFor, type ActionInputs } from './inputs.js';

type Repo = { owner: string; repo: string };

/** Tags through the GitHub API: the runner's checkout has no credentials to push with. */
export function gitHubTagStore(client: Octokit, repo: Repo): TagStore {
  return {
    async list(): Promise<ExistingTag[]> {
      const refs = await listMatchingTagRefs(client, { ...repo, prefix: 'prompts/' });
      return Promise.all(
        refs.map(async (ref) => {
          if (ref.type !== 'tag') return { name: ref.tag, commit: ref.sha, message: '' };
          const tag = await getTagObject(client, { ...repo, tagSha: ref.sha });
          return { name: ref.tag, commit: tag.commit, message: tag.message };
        }),
      );
    },
    async create(tag) {
      await createAnnotatedTag(client, { ...repo, tag: tag.tag, sha: tag.commit, message: tag.message });
    },
    async moveAlias(move) {
      const tagSha = await createTagObject(client, { ...repo, tag: move.tag, sha: move.commit, message: move.message });
      await updateTagRef(client, { ...repo, tag: move.tag, sha: tagSha, force: true });
    },
  };
}

/** The release body: what passed, on which model, at what cost. */
export function releaseBody(tag: TagToCreate): string {
  const { summary } = tag.suite;
  return [
    `Prompt folder \`${tag.folder}\` at ${tag.commit.slice(0, 12)}, tested by promptgate ${VERSION}.`,
    '',
    '| Pass rate | Tests | Tokens (in / out) | Cost per suite run | Model |',
    '|---|---|---|---|---|',
    `| ${formatPercent(summary.passRate)} | ${summary.passed}/${summary.total} | ${summary.inputTokens} / ${summary.outputTokens} | ${formatUsd(summary.costUsd)} | ${tag.suite.provider} ${tag.suite.model} |`,
  ].join('\n');
}

export async function runRelease(inputs: ActionInputs, context: ActionContext, env: NodeJS.ProcessEnv): Promise<void> {
  if (!inputs.githubToken) throw new Error('release mode needs the github-token input (with contents: write) to create tags');
  const repoDir = repositoryDir(inputs, context.workspace);
  const client = createClient({ token: inputs.githubToken, baseUrl: context.apiUrl });
  const repo = { owner: context.owner, repo: context.repo };
  const secrets = secretsIn(env);
  let outcome;
  try {
    outcome = await runReleaseFlow({
      engine: engineOptionsFor(inputs, repoDir, env, (message) => core.warning(message)),
      store: gitHubTagStore(client, repo),
      commit: context.sha,
      productionAlias: inputs.productionAlias,
      ...(inputs.promote ? { promote: inputs.promote } : {}),
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
    if ((error as { status?: number }).status) throw new Error(describeGitHubError(error, 'create the release tags'));
    throw error;
  }

  if (outcome.engine) {
    const { results } = outcome.engine;
    core.info(redact(sanitizeForLog(renderConsoleReport(results, results.gate, { color: false })), secrets));
    const resultsFile = resultsPathFor(inputs, repoDir, env);
    await writeResultsFile(resultsFile, results, secrets);
    core.setOutput('results-file', resultsFile);
    core.setOutput('pass-rate', results.summary.passRate === null ? '' : results.summary.passRate.toFixed(4));
  }
  for (const tag of outcome.created) core.info(`Tagged ${tag} at ${context.sha.slice(0, 12)}`);
  for (const skip of outcome.skipped) core.info(`Not tagged ${skip.tag}: ${skip.reason}`);
  for (const move of outcome.plan.aliasMoves) core.info(`Moved ${move.tag} to ${move.version}${move.from ? ` (was ${move.from})` : ''}`);
  const summaryLines = [
    '### promptgate release',
    '',
    ...outcome.created.map((tag) => `- ✅ tagged \`${tag}\``),
    ...outcome.plan.aliasMoves.map((move) => `- ⏩ \`${move.tag}\` → ${move.version}${move.from ? ` (was ${move.from})` : ''}`),
    ...outcome.skipped.map((skip) => `- ⏭️ \`${skip.tag}\` not tagged: ${skip.reason}`),
    ...outcome.errors.map((error) => `- ❌ ${error}`),
  ];
  await core.summary.addRaw(redact(summaryLines.join('\n'), secrets)).write();
  core.setOutput('tags-created', JSON.stringify(outcome.created));
  core.setOutput('tags-skipped', JSON.stringify(outcome.skipped));
  if (outcome.errors.length > 0) core.setFailed(outcome.errors.join('\n'));
  else if (outcome.engine?.results.gate.exitCode === 2) core.setFailed('Nothing could be judged: every prompt folder has input problems.');
}
