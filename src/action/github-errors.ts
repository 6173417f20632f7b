/**
 * One line a user can act on for a failed GitHub call: what we tried, what GitHub said, and the
 * fix when we know it. Octokit's RequestError is read structurally, so nothing here depends on
 * its package, and an HTML error page from a proxy or GitHub's front door never reaches the log.
 */

interface RequestErrorLike {
  status?: unknown;
  message?: unknown;
  name?: unknown;
  cause?: unknown;
  request?: { method?: string; url?: string };
  response?: { data?: unknown; headers?: Record<string, string | number | undefined> };
}

/**
 * A failed GitHub call, already explained: its message is describeGitHubError's sentence.
 * The status stays readable, so callers can still tell a 404 from a 403.
 */
export class GitHubCallError extends Error {
  readonly status: number | undefined;
  constructor(error: unknown, whatWeTried: string) {
    super(describeGitHubError(error, whatWeTried), { cause: error });
    this.name = 'GitHubCallError';
    this.status = statusOf(error);
  }
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as RequestErrorLike | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

const PERMISSION_HINTS: { path: RegExp; hint: string }[] = [
  {
    path: /\/issues\/(\d+\/)?comments/,
    hint: 'the token cannot comment on this pull request (fork PRs get a read-only token; add `permissions: pull-requests: write`)',
  },
  { path: /\/pulls\/\d+\/files/, hint: 'the token cannot read this pull request (add `permissions: pull-requests: read`)' },
  { path: /\/issues(\/\d+)?$/, hint: 'the token cannot open or edit issues (add `permissions: issues: write`)' },
  { path: /\/pulls(\/\d+)?$/, hint: 'the token cannot open or edit pull requests (add `permissions: pull-requests: write`)' },
  {
    path: /\/git\/|\/releases/,
    hint: 'the token cannot write tags or releases (add `permissions: contents: write` to the release workflow)',
  },
];

/**
 * `whatWeTried` reads after "Could not", e.g. "update the PR comment". An error that was already
 * explained keeps its sentence. The token never appears: the text is built from the status and
 * GitHub's message, and anything token-shaped is redacted regardless.
 */
export function describeGitHubError(error: unknown, whatWeTried: string): string {
  if (error instanceof GitHubCallError) return error.message;
  return redactTokens(`Could not ${whatWeTried}: ${explain(error)}`);
}

function explain(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as RequestErrorLike;
  const status = statusOf(error);
  const method = e.request?.method ?? '';
  const path = pathOf(e.request?.url);
  const said = githubMessage(e);

  if (isTimeout(e)) return 'GitHub did not answer in time; re-run the job';
  if (status === undefined) return oneLine(typeof e.message === 'string' ? e.message : String(error));
  // Octokit reports a request that never got a response (DNS, refused connection) as a 500.
  if (!e.response) return `GitHub could not be reached (${oneLine(String(e.message))}); check the network and the API URL`;
  if (status === 401) return 'the token was rejected (401 Bad credentials); check the `github-token` input';
  if (status === 403 && isRateLimited(e, said)) return `GitHub's API rate limit is exhausted${resetTime(e)}; re-run later`;
  if (status === 403 || status === 404) {
    const known = PERMISSION_HINTS.find((h) => h.path.test(path));
    // A 404 on a read is usually a wrong number or repository; on a write it is GitHub hiding
    // a repository the token may not write to.
    if (known && (status === 403 || method !== 'GET')) return `${known.hint} [HTTP ${status}: ${said}]`;
    if (status === 404)
      return `not found (HTTP 404 on ${method} ${path}); check the repository and number, and that the token can see them`;
    return `forbidden (HTTP 403: ${said})`;
  }
  if (status === 422) {
    if (/reference already exists/i.test(said)) return 'the tag already exists';
    if (/too long/i.test(said)) return `GitHub rejected the text as too long (${said})`;
    return `GitHub rejected the request (HTTP 422: ${said})`;
  }
  if (status >= 500) return `GitHub is unavailable (HTTP ${status} on ${method} ${path}); re-run the job later`;
  return `HTTP ${status} on ${method} ${path}: ${said}`;
}

/** GitHub's JSON `{message, errors}`; never the body of an HTML page. */
function githubMessage(e: RequestErrorLike): string {
  const data = e.response?.data;
  let text = '';
  if (typeof data === 'object' && data !== null && typeof (data as { message?: unknown }).message === 'string') {
    const body = data as { message: string; errors?: unknown[] };
    const details = (body.errors ?? [])
      .map((item) =>
        typeof item === 'string' ? item : ((item as { message?: string; code?: string })?.message ?? (item as { code?: string })?.code),
      )
      .filter((item): item is string => typeof item === 'string');
    text = details.length > 0 ? `${body.message}: ${details.join('; ')}` : body.message;
  } else if (typeof data === 'string' && !looksLikeHtml(data)) {
    text = data;
  }
  text = oneLine(text);
  if (text === '') text = typeof e.message === 'string' && !looksLikeHtml(e.message) ? oneLine(e.message) : 'no details';
  return text;
}

function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text) || /<\/?(html|body|head|title|div|p)\b/i.test(text);
}

/** One line of at most 200 characters: error text is untrusted and may span lines. */
function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return url;
  }
}

function isTimeout(e: RequestErrorLike): boolean {
  const cause = e.cause as { name?: unknown } | undefined;
  return e.name === 'TimeoutError' || cause?.name === 'TimeoutError' || e.name === 'AbortError';
}

function isRateLimited(e: RequestErrorLike, said: string): boolean {
  return String(e.response?.headers?.['x-ratelimit-remaining']) === '0' || /rate limit/i.test(said);
}

function resetTime(e: RequestErrorLike): string {
  const reset = Number(e.response?.headers?.['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString().slice(11, 16)} UTC` : '';
}

/** GitHub token formats (classic, fine-grained, app) and Authorization header values. */
function redactTokens(text: string): string {
  return text
    .replace(/\b(gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{16,})/g, '***')
    .replace(/\b(token|bearer)\s+[A-Za-z0-9._-]{16,}/gi, '$1 ***');
}
