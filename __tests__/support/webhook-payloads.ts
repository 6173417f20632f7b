import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Real webhook payloads, as GitHub sent them, from @octokit/webhooks-examples. Tests pick one
 * and substitute its commit SHAs with commits of a real temporary repository; every other
 * field stays as captured.
 */
type Payload = Record<string, unknown> & { repository: { full_name: string } };

const require = createRequire(import.meta.url);
const INDEX = require.resolve('@octokit/webhooks-examples/api.github.com/index.json');
const catalogue = JSON.parse(readFileSync(INDEX, 'utf8')) as { name: string; examples: Payload[] }[];

/** The first captured `event` payload with this `action` (or passing `pick`). A copy: tests may edit it. */
export function capturedPayload<T = Payload>(
  event: string,
  action?: string,
  pick: (payload: Payload) => boolean = () => true,
): T & Payload {
  const examples = catalogue.find((entry) => entry.name === event)?.examples ?? [];
  const example = examples.find((candidate) => (action === undefined || candidate.action === action) && pick(candidate));
  if (!example) throw new Error(`@octokit/webhooks-examples has no such ${event}${action ? `.${action}` : ''} payload`);
  return structuredClone(example) as T & Payload;
}

/** Replaces every occurrence of each captured SHA (a 40-hex string) with a real commit. */
export function withCommits<T>(payload: T, commits: Record<string, string>): T {
  let text = JSON.stringify(payload);
  for (const [captured, real] of Object.entries(commits)) {
    if (!/^[0-9a-f]{40}$/.test(captured) || !text.includes(captured)) throw new Error(`the payload holds no SHA ${captured}`);
    text = text.replaceAll(captured, real);
  }
  return JSON.parse(text) as T;
}

/** The parts of a pull_request payload the tests touch. */
export interface PullRequestPayload extends Payload {
  action: string;
  number: number;
  pull_request: {
    number: number;
    base: { sha: string; ref: string; repo: Record<string, unknown> & { full_name: string; name: string } };
    head: { sha: string; ref: string; repo: (Record<string, unknown> & { full_name: string }) | null };
  };
}

/** A captured pull_request payload with its base and head SHAs replaced by real commits. */
export function pullRequestPayload(action: string, commits: { base: string; head: string }): PullRequestPayload {
  const captured = capturedPayload<PullRequestPayload>('pull_request', action);
  const { base, head } = captured.pull_request;
  // Some captures (synchronize) carry `before`/`after` too; they are the same SHAs.
  return withCommits(captured, { [base.sha]: commits.base, [head.sha]: commits.head });
}

/**
 * The captures hold no fork PR: this turns a captured same-repository PR into one from a fork,
 * with the head repository as GitHub describes a fork (its own owner, `fork: true`).
 */
export function fromFork(payload: PullRequestPayload, owner = 'contributor'): PullRequestPayload {
  const copy = structuredClone(payload);
  const baseRepo = copy.pull_request.base.repo;
  copy.pull_request.head.repo = {
    ...baseRepo,
    full_name: `${owner}/${baseRepo.name}`,
    fork: true,
    owner: { ...(baseRepo.owner as object), login: owner },
  };
  return copy;
}
