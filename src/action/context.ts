import { readFileSync } from 'node:fs';

export interface PullRequestInfo {
  number: number;
  baseSha: string;
  headSha: string;
  baseRef: string;
  /** A fork PR gets a read-only token and no secrets: the report says so instead of failing. */
  fromFork: boolean;
}

/** What the action needs from the workflow run, read from the variables GitHub sets. */
export interface ActionContext {
  eventName: string;
  owner: string;
  repo: string;
  serverUrl: string;
  apiUrl: string;
  sha: string;
  workspace: string;
  runUrl?: string;
  pullRequest?: PullRequestInfo;
}

interface PullRequestPayload {
  number: number;
  base: { sha: string; ref: string; repo?: { full_name?: string } };
  head: { sha: string; ref: string; repo?: { full_name?: string } | null };
}

export function readActionContext(env: Record<string, string | undefined>): ActionContext {
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  let payload: { pull_request?: PullRequestPayload } = {};
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as typeof payload;
    } catch (error) {
      throw new Error(`cannot read the event payload at GITHUB_EVENT_PATH (${(error as Error).message})`);
    }
  }
  const pr = payload.pull_request;
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    owner,
    repo,
    serverUrl,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    sha: env.GITHUB_SHA ?? '',
    workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
    ...(env.GITHUB_RUN_ID ? { runUrl: `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` } : {}),
    ...(pr
      ? {
          pullRequest: {
            number: pr.number,
            baseSha: pr.base.sha,
            headSha: pr.head.sha,
            baseRef: pr.base.ref,
            fromFork: !!pr.head.repo?.full_name && pr.head.repo.full_name !== pr.base.repo?.full_name,
          },
        }
      : {}),
  };
}
