import type { CustomCheckPolicy } from '../run/js-checks.js';
import type { ActionContext } from './context.js';

/*
 * Whether the checkout's checks.mjs (`js` checks) may run: only where the checked-out code is
 * already the repository's own, pushed by someone with write access.
 *
 * - push, release, workflow_dispatch, schedule, merge_group: the checkout is a ref of this
 *   repository (merge_group: what the queue built from approved pull requests).
 * - pull_request and pull_request_target from a branch of this repository: its author can push
 *   to the repository anyway.
 * - A pull request from a fork, under either event: never. Under pull_request_target the
 *   workflow holds the repository's secrets while the fork's head is checked out as data
 *   (event-refs.ts); running its code there is the "pwn request". Its js checks error, saying why.
 * - Any other event: never, since promptgate cannot tell whose code is checked out.
 *
 * A base is never run from git objects: js-checks.ts imports only the checkout's own file, and
 * only when its bytes are the base's.
 */

const OWN_CODE_EVENTS = new Set(['push', 'release', 'workflow_dispatch', 'schedule', 'merge_group']);

export function customCheckPolicy(context: ActionContext, repoDir: string): CustomCheckPolicy {
  const event = context.eventName;
  if (event === 'pull_request' || event === 'pull_request_target') {
    if (!context.pullRequest) return { reason: `the ${event} event names no pull request, so whose code is checked out is unknown` };
    if (context.pullRequest.fromFork) {
      return {
        reason:
          event === 'pull_request_target'
            ? 'under pull_request_target the checked-out head comes from a fork while the workflow holds secrets; promptgate runs no code from it'
            : 'the pull request comes from a fork; promptgate runs no code from a fork',
      };
    }
    return { trustedRoot: repoDir };
  }
  if (OWN_CODE_EVENTS.has(event)) return { trustedRoot: repoDir };
  return { reason: `on a ${event || 'unknown'} event promptgate cannot tell whose code is checked out, so it runs none of it` };
}
