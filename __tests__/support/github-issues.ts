/**
 * The loopback GitHub's issues and pull requests (REST "Issues" and "Pulls"), in the shapes
 * GitHub documents: GET/POST /repos/{owner}/{repo}/issues, GET/PATCH .../issues/{number},
 * GET/POST /repos/{owner}/{repo}/pulls, PATCH .../pulls/{number}. Issues and pull requests share
 * one sequence of numbers, and the issues list holds pull requests too (with `pull_request`),
 * as on GitHub. A pull request needs its head branch to exist, and there is one open pull
 * request per head and base ("A pull request already exists for …").
 */
import type { components } from '@octokit/openapi-types';

type Schemas = components['schemas'];
type Issue = Schemas['issue'];
type PullRequest = Schemas['pull-request-simple'];

export interface StoredIssue {
  repo: string;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  login: string;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  /** Set for a pull request. */
  pull?: { head: string; base: string; draft: boolean };
}

export interface IssuesContext {
  url: string;
  actor(): string;
  issues: StoredIssue[];
  nextNumber(repo: string): number;
  now(): string;
  user(login: string): Schemas['simple-user'];
  /** The sha a branch points at, or undefined when there is no such branch. */
  branch(repo: string, name: string): string | undefined;
  fail(status: number, message: string, extra?: Record<string, unknown>): never;
  paginate(items: unknown[], requestUrl: URL): { status?: number; body: unknown; headers?: Record<string, string> };
}

const validation = (resource: string, field: string, code: string, message?: string) => ({
  errors: [{ resource, field, code, ...(message ? { message } : {}) }],
});

export function issuesRoute(
  context: IssuesContext,
  repo: string,
  method: string,
  rest: string,
  input: Record<string, unknown>,
  requestUrl: URL,
): { status?: number; body: unknown; headers?: Record<string, string> } | undefined {
  const { issues } = context;
  let m: RegExpExecArray | null;
  if (rest === '/issues' && method === 'GET') {
    const state = requestUrl.searchParams.get('state') ?? 'open';
    const listed = issues.filter((issue) => issue.repo === repo && (state === 'all' || issue.state === state));
    // Newest first, as GitHub sorts by default (created, desc).
    return context.paginate(
      [...listed].reverse().map((issue) => toIssue(context, issue)),
      requestUrl,
    );
  }
  if (rest === '/issues' && method === 'POST') {
    if (typeof input.title !== 'string' || input.title === '')
      context.fail(422, 'Validation Failed', validation('Issue', 'title', 'missing_field'));
    const issue: StoredIssue = {
      repo,
      number: context.nextNumber(repo),
      title: input.title as string,
      body: typeof input.body === 'string' ? input.body : null,
      state: 'open',
      login: context.actor(),
      labels: Array.isArray(input.labels) ? (input.labels as string[]) : [],
      createdAt: context.now(),
      updatedAt: context.now(),
    };
    issues.push(issue);
    return { status: 201, body: toIssue(context, issue) };
  }
  if ((m = /^\/issues\/(\d+)$/.exec(rest))) {
    const issue = issues.find((candidate) => candidate.repo === repo && candidate.number === Number(m![1]));
    if (!issue) context.fail(404, 'Not Found');
    if (method === 'GET') return { body: toIssue(context, issue!) };
    if (method === 'PATCH') {
      if (typeof input.title === 'string') issue!.title = input.title;
      if (typeof input.body === 'string') issue!.body = input.body;
      if (input.state === 'open' || input.state === 'closed') issue!.state = input.state;
      issue!.updatedAt = context.now();
      return { body: toIssue(context, issue!) };
    }
  }
  if (rest === '/pulls' && method === 'GET') {
    const state = requestUrl.searchParams.get('state') ?? 'open';
    const head = requestUrl.searchParams.get('head');
    const base = requestUrl.searchParams.get('base');
    const [owner] = repo.split('/');
    const listed = issues.filter(
      (issue) =>
        issue.repo === repo &&
        issue.pull &&
        (state === 'all' || issue.state === state) &&
        (!head || head === `${owner}:${issue.pull.head}`) &&
        (!base || base === issue.pull.base),
    );
    return context.paginate(
      [...listed].reverse().map((issue) => toPull(context, issue)),
      requestUrl,
    );
  }
  if (rest === '/pulls' && method === 'POST') {
    const { title, head, base } = input;
    if (typeof title !== 'string' || typeof head !== 'string' || typeof base !== 'string') {
      context.fail(422, 'Validation Failed', validation('PullRequest', 'head', 'missing_field'));
    }
    const headBranch = (head as string).replace(/^[^:]+:/, '');
    if (!context.branch(repo, headBranch)) context.fail(422, 'Validation Failed', validation('PullRequest', 'head', 'invalid'));
    if (!context.branch(repo, base as string)) context.fail(422, 'Validation Failed', validation('PullRequest', 'base', 'invalid'));
    const [owner] = repo.split('/');
    if (
      issues.some((issue) => issue.repo === repo && issue.state === 'open' && issue.pull?.head === headBranch && issue.pull.base === base)
    ) {
      context.fail(
        422,
        'Validation Failed',
        validation('PullRequest', '', 'custom', `A pull request already exists for ${owner}:${headBranch}.`),
      );
    }
    const pull: StoredIssue = {
      repo,
      number: context.nextNumber(repo),
      title: title as string,
      body: typeof input.body === 'string' ? input.body : null,
      state: 'open',
      login: context.actor(),
      labels: [],
      createdAt: context.now(),
      updatedAt: context.now(),
      pull: { head: headBranch, base: base as string, draft: input.draft === true },
    };
    issues.push(pull);
    return { status: 201, body: toPull(context, pull) };
  }
  if ((m = /^\/pulls\/(\d+)$/.exec(rest))) {
    const pull = issues.find((candidate) => candidate.repo === repo && candidate.pull && candidate.number === Number(m![1]));
    if (!pull) context.fail(404, 'Not Found');
    if (method === 'GET') return { body: toPull(context, pull!) };
    if (method === 'PATCH') {
      if (typeof input.title === 'string') pull!.title = input.title;
      if (typeof input.body === 'string') pull!.body = input.body;
      if (input.state === 'open' || input.state === 'closed') pull!.state = input.state;
      pull!.updatedAt = context.now();
      return { body: toPull(context, pull!) };
    }
  }
  return undefined;
}

function toIssue(context: IssuesContext, issue: StoredIssue): Issue {
  const api = `${context.url}/repos/${issue.repo}/issues/${issue.number}`;
  const kind = issue.pull ? 'pull' : 'issues';
  return {
    id: 500_000 + issue.number,
    node_id: `I_${issue.number}`,
    url: api,
    repository_url: `${context.url}/repos/${issue.repo}`,
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `https://github.com/${issue.repo}/${kind}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    title: issue.title,
    body: issue.body,
    user: context.user(issue.login),
    labels: issue.labels.map((name) => ({ name })),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    comments: 0,
    ...(issue.pull
      ? {
          pull_request: {
            url: `${context.url}/repos/${issue.repo}/pulls/${issue.number}`,
            html_url: `https://github.com/${issue.repo}/pull/${issue.number}`,
            diff_url: `https://github.com/${issue.repo}/pull/${issue.number}.diff`,
            patch_url: `https://github.com/${issue.repo}/pull/${issue.number}.patch`,
            merged_at: null,
          },
          draft: issue.pull.draft,
        }
      : {}),
    closed_at: issue.state === 'closed' ? issue.updatedAt : null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: 'NONE',
  };
}

function toPull(context: IssuesContext, pull: StoredIssue): PullRequest {
  const api = `${context.url}/repos/${pull.repo}/pulls/${pull.number}`;
  const html = `https://github.com/${pull.repo}/pull/${pull.number}`;
  const issue = `${context.url}/repos/${pull.repo}/issues/${pull.number}`;
  const [owner, name] = pull.repo.split('/') as [string, string];
  // GitHub sends the whole repository (some 90 fields); these are the ones clients read.
  const repository = {
    id: 1,
    node_id: 'R_1',
    name,
    full_name: pull.repo,
    owner: context.user(owner),
    private: false,
    html_url: `https://github.com/${pull.repo}`,
    url: `${context.url}/repos/${pull.repo}`,
    default_branch: 'main',
  } as unknown as Schemas['repository'];
  const side = (ref: string) => ({
    label: `${owner}:${ref}`,
    ref,
    sha: context.branch(pull.repo, ref) ?? '0'.repeat(40),
    user: context.user(owner),
    repo: repository,
  });
  const link = (href: string) => ({ href });
  return {
    url: api,
    id: 700_000 + pull.number,
    node_id: `PR_${pull.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${context.url}/repos/${pull.repo}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${context.url}/repos/${pull.repo}/statuses/${side(pull.pull!.head).sha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: context.user(pull.login),
    body: pull.body,
    labels: [],
    milestone: null,
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.state === 'closed' ? pull.updatedAt : null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.pull!.head),
    base: side(pull.pull!.base),
    _links: {
      comments: link(`${issue}/comments`),
      commits: link(`${api}/commits`),
      statuses: link(`${context.url}/repos/${pull.repo}/statuses/${side(pull.pull!.head).sha}`),
      html: link(html),
      issue: link(issue),
      review_comments: link(`${api}/comments`),
      review_comment: link(`${context.url}/repos/${pull.repo}/pulls/comments{/number}`),
      self: link(api),
    },
    author_association: 'NONE',
    auto_merge: null,
    draft: pull.pull!.draft,
  };
}
