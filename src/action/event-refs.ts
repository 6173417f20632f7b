import { GitError, headCommit, isAncestor, mergeBase } from '../git/git.js';
import type { ActionContext, PullRequestInfo } from './context.js';
import type { ActionMode } from './inputs.js';

/**
 * Which commits a run compares, per event. One home for "what does this event mean":
 *
 * - pull_request: the checkout (the merge commit, or the head) against the PR's base.
 * - pull_request_target: the same, but only once the PR head is checked out (see below).
 * - merge_group: the queue's commit against merge_group.base_sha, so the queue runs exactly
 *   the folders the queued change touches, as the pull request check did.
 * - push, workflow_dispatch and anything else: every folder, nothing to compare with.
 */
export type EventComparison =
  | {
      kind: 'change';
      /** The base commit as the event names it; the engine compares at its merge base with the checkout. */
      baseSha: string;
      /** Run only the folders the change touches (`mode: pr`), or every folder, still compared (`mode: all`). */
      changedOnly: boolean;
      /** The pull request to comment on (and whose file list is the fallback of a shallow checkout). */
      pullRequest?: PullRequestInfo;
    }
  | { kind: 'everything' };

export function eventComparison(context: ActionContext, mode: ActionMode): EventComparison {
  const changedOnly = mode === 'pr';
  if (context.pullRequest) return { kind: 'change', baseSha: context.pullRequest.baseSha, changedOnly, pullRequest: context.pullRequest };
  if (context.mergeGroup) return { kind: 'change', baseSha: context.mergeGroup.baseSha, changedOnly };
  return { kind: 'everything' };
}

/** The event cannot be judged from what is checked out; the message says what to change. */
export class CheckoutError extends Error {}

/**
 * pull_request_target runs the base branch's workflow with the base branch checked out, so a
 * run on the default checkout would test the base against itself and pass "no prompt changed"
 * on a pull request that changes prompts. promptgate never fetches or judges the PR on its
 * own: the workflow must check out the PR's head commit (a fixed SHA, not a branch the author
 * can move after approval). promptgate reads that checkout as data and runs none of its code.
 */
export const PULL_REQUEST_TARGET_CHECKOUT = [
  'pull_request_target checks out the base branch, so promptgate would compare the base with itself and pass without testing this pull request.',
  'Check out the pull request head commit before the promptgate step:',
  '  - uses: actions/checkout@v5',
  '    with:',
  '      ref: ${{ github.event.pull_request.head.sha }}',
  '      fetch-depth: 0',
  '      persist-credentials: false',
  'and run no other code from that checkout: this workflow holds your secrets.',
].join('\n');

/**
 * The commit under test: what is checked out. It must contain the change the event is about;
 * a pull_request_target checkout of the base (or of anything without the PR head) is refused.
 */
export async function checkedOutCommit(repoDir: string, context: ActionContext): Promise<string> {
  const checkedOut = await headCommit(repoDir);
  const pr = context.pullRequest;
  if (context.eventName === 'pull_request_target' && pr) {
    let hasHead = false;
    try {
      hasHead = await isAncestor(repoDir, pr.headSha, checkedOut);
    } catch (error) {
      if (!(error instanceof GitError)) throw error; // the PR head is not in this checkout at all
    }
    if (!hasHead) throw new CheckoutError(PULL_REQUEST_TARGET_CHECKOUT);
  }
  return checkedOut;
}

/**
 * Checks that the base exists next to the checkout (a shallow checkout lacks it: GitError,
 * with the fetch-depth hint) and returns the head and base refs for the engine.
 */
export async function comparisonRefs(
  repoDir: string,
  context: ActionContext,
  baseSha: string,
): Promise<{ headRef: string; baseRef: string }> {
  const headRef = await checkedOutCommit(repoDir, context);
  await mergeBase(repoDir, baseSha, headRef);
  return { headRef, baseRef: baseSha };
}
