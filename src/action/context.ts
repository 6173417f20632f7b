import type { context as githubContext } from '@actions/github';

/** @actions/github's context: the one reader of the event payload and the GITHUB_* variables. */
export type GitHubContext = typeof githubContext;

export interface PullRequestInfo {
  number: number;
  baseSha: string;
  headSha: string;
  baseRef: string;
  /** The pull request's branch (head.ref): where `commit-recordings` commits. */
  headRef: string;
  /**
   * A fork PR gets a read-only token and no secrets: the report says so instead of failing.
   * A PR whose fork was deleted (head.repo null) is a fork PR too.
   */
  fromFork: boolean;
}

/** A merge queue group: the base branch tip and the commit the queue built on it. */
export interface MergeGroupInfo {
  baseSha: string;
  headSha: string;
  baseRef: string;
}

/** What the action needs from the workflow run, typed, built once from the context. */
export interface ActionContext {
  eventName: string;
  owner: string;
  repo: string;
  serverUrl: string;
  apiUrl: string;
  sha: string;
  workspace: string;
  runUrl?: string;
  /** pull_request and pull_request_target. */
  pullRequest?: PullRequestInfo;
  /** merge_group. */
  mergeGroup?: MergeGroupInfo;
  /** The branch the workflow runs on (GITHUB_REF refs/heads/<branch>), when it runs on one. */
  branch?: string;
}

/** The fields of the webhook payloads promptgate reads (the rest is GitHub's, untouched). */
interface PullRequestPayload {
  number: number;
  base: { sha: string; ref: string; repo: { full_name: string } };
  head: { sha: string; ref: string; repo: { full_name: string } | null };
}

interface MergeGroupPayload {
  base_sha: string;
  head_sha: string;
  base_ref: string;
}

function repoOf(context: GitHubContext): { owner: string; repo: string } {
  try {
    return context.repo;
  } catch {
    return { owner: '', repo: '' }; // neither GITHUB_REPOSITORY nor a repository in the payload
  }
}

/** GITHUB_WORKSPACE is not part of the context: the runner's checkout root, else where we run. */
export function readActionContext(context: GitHubContext, env: Record<string, string | undefined>): ActionContext {
  const { owner, repo } = repoOf(context);
  const pr = context.payload.pull_request as PullRequestPayload | undefined;
  const group = context.payload.merge_group as MergeGroupPayload | undefined;
  return {
    eventName: context.eventName ?? '',
    owner,
    repo,
    serverUrl: context.serverUrl,
    apiUrl: context.apiUrl,
    sha: context.sha ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    ...(Number.isFinite(context.runId) ? { runUrl: `${context.serverUrl}/${owner}/${repo}/actions/runs/${context.runId}` } : {}),
    ...(pr
      ? {
          pullRequest: {
            number: pr.number,
            baseSha: pr.base.sha,
            headSha: pr.head.sha,
            baseRef: pr.base.ref,
            headRef: pr.head.ref,
            fromFork: pr.head.repo === null || pr.head.repo.full_name !== pr.base.repo.full_name,
          },
        }
      : {}),
    ...(group ? { mergeGroup: { baseSha: group.base_sha, headSha: group.head_sha, baseRef: group.base_ref } } : {}),
    ...(context.ref?.startsWith('refs/heads/') ? { branch: context.ref.slice('refs/heads/'.length) } : {}),
  };
}
