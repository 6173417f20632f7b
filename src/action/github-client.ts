/**
 * The one Octokit client promptgate talks to GitHub with. Every call is a small function in a
 * sibling file (sticky-comment, pull-request-files, tags-api) that takes this client first.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export interface Repo {
  owner: string;
  repo: string;
}

export interface ClientOptions {
  token: string;
  /** GitHub Enterprise Server or a test server; defaults to https://api.github.com. */
  baseUrl?: string;
  userAgent?: string;
  /** Per request, headers and body; a hung connection must not hold the job until its own timeout. */
  timeoutMs?: number;
  /**
   * How many milliseconds one second of GitHub's back-off lasts (both plugins' retryAfterBaseValue).
   * 1000 in production; tests shrink it so a retried 502 costs milliseconds.
   */
  backoffSecondMs?: number;
  /**
   * GitHub's pacing (plugin-throttling): one write per second, three between notifying writes,
   * and waiting out rate limits. On in production; tests of many writes turn it off, and the
   * rate-limit tests keep it on.
   */
  pacing?: boolean;
}

/** Transient failures (5xx, a dropped connection) of a call that may be repeated. */
const RETRIES = 2;
/** Waiting for GitHub's rate limit to reset is worth it up to this long; past it the job fails clearly. */
const MAX_RATE_LIMIT_WAIT_S = 60;

export type GitHubClient = ReturnType<typeof createClient>;

/**
 * @actions/github's getOctokit, not @octokit/rest: it brings the runner's proxy settings
 * (HTTPS_PROXY, NO_PROXY) to every request, which self-hosted runners behind a proxy need.
 * The retry and throttling plugins handle GitHub's 5xx blips and rate limits as GitHub advises.
 */
export function createClient({ token, baseUrl, userAgent, timeoutMs = 30_000, backoffSecondMs = 1000, pacing = true }: ClientOptions) {
  const client = getOctokit(
    token,
    {
      baseUrl: baseUrl ?? 'https://api.github.com',
      userAgent: userAgent ?? 'promptgate',
      retry: { retries: RETRIES, retryAfterBaseValue: backoffSecondMs },
      throttle: {
        enabled: pacing,
        retryAfterBaseValue: backoffSecondMs,
        onRateLimit: waitOnceIfSoon,
        onSecondaryRateLimit: waitOnceIfSoon,
      },
      // Octokit logs every failed request with console.error, including the 404s we expect
      // (a tag that does not exist yet); callers report failures through describeGitHubError.
      log: { debug: () => {}, info: () => {}, warn: console.warn, error: () => {} },
    },
    retry,
    throttling,
  );
  client.hook.before('request', (options) => {
    const request = (options.request ??= {}) as { signal?: AbortSignal; retries?: number };
    // A fresh deadline per attempt, so a retry is not born timed out.
    request.signal = AbortSignal.timeout(timeoutMs);
    // A POST that failed with a 5xx may still have been carried out: repeating it could post a
    // second comment or tag twice. PATCH, PUT and reads repeat safely.
    if (options.method === 'POST') request.retries = 0;
  });
  return client;
}

/**
 * The client the action uses for a run: GitHub's own pacing and back-off, unless the job's
 * environment tunes them. `PROMPTGATE_GITHUB_PACING=off` turns off the one-write-a-second pacing
 * and `PROMPTGATE_GITHUB_BACKOFF_MS` sets how long one second of back-off lasts: for GitHub
 * Enterprise Server instances with their own limits, and for the tests, which run the bundled
 * action against a loopback API and must not wait a second per tag.
 */
export function createActionClient(token: string, baseUrl: string | undefined, env: Record<string, string | undefined>): GitHubClient {
  const backoff = Number(env.PROMPTGATE_GITHUB_BACKOFF_MS);
  return createClient({
    token,
    ...(baseUrl ? { baseUrl } : {}),
    ...(env.PROMPTGATE_GITHUB_PACING?.trim().toLowerCase() === 'off' ? { pacing: false } : {}),
    ...(env.PROMPTGATE_GITHUB_BACKOFF_MS !== undefined && Number.isFinite(backoff) && backoff >= 0 ? { backoffSecondMs: backoff } : {}),
  });
}

function waitOnceIfSoon(retryAfterSeconds: number, _options: unknown, _client: unknown, retryCount: number): boolean {
  return retryCount < 1 && retryAfterSeconds <= MAX_RATE_LIMIT_WAIT_S;
}
