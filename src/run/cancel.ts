import type { Providers } from '../providers/answer-source.js';
import { ProviderError, type Provider } from '../providers/types.js';
import type { Semaphore } from './semaphore.js';

/*
 * Cancellation, in one place. GitHub cancels a job with SIGINT, then SIGTERM: on the first, the
 * run's signal aborts. From then on no call starts (a test waiting for its place on the provider
 * limiter is given up when it gets it), calls already in flight get CANCEL_GRACE_MS to answer
 * (their answers are kept and recorded), and then they are aborted, so nothing holds the process
 * open. Unfinished tests are reported as not run ("cancelled"), and the run ends with what it has.
 */

/** How long a call already in flight may still answer after a cancel: its answer is kept. */
export const CANCEL_GRACE_MS = 2000;

export const CANCELLED_MESSAGE = 'not run: the run was cancelled before this test had an answer';

/**
 * The call's answer, or undefined once the signal has been aborted for CANCEL_GRACE_MS. The
 * answer of a call that finishes within the grace is kept (and recorded).
 */
export function untilCancelled<T>(call: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return call;
  // A call abandoned after the grace may still fail later: nobody is waiting for it.
  call.catch(() => undefined);
  const grace = graceFor(signal);
  if (grace.over) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const giveUp = () => resolve(undefined);
    grace.waiting.add(giveUp);
    call.then(
      (answer) => {
        grace.waiting.delete(giveUp);
        resolve(answer);
      },
      (error: unknown) => {
        grace.waiting.delete(giveUp);
        reject(error);
      },
    );
  });
}

/**
 * One grace period per run, shared by all its calls: CANCEL_GRACE_MS after the signal aborts,
 * every call still waiting is given up. Calls register while they wait and leave when they
 * answer, so nothing outlives its call. (A listener and a timer per call cost 4,000 replayed
 * tests a tenth of their time in garbage; a shared promise raced by every call would keep
 * every call's reaction until the end of the run.)
 */
interface Grace {
  over: boolean;
  readonly waiting: Set<() => void>;
}
const graces = new WeakMap<AbortSignal, Grace>();
function graceFor(signal: AbortSignal): Grace {
  let grace = graces.get(signal);
  if (!grace) {
    const created: Grace = { over: false, waiting: new Set() };
    const startGrace = () => {
      setTimeout(() => {
        created.over = true;
        for (const giveUp of created.waiting) giveUp();
        created.waiting.clear();
      }, CANCEL_GRACE_MS).unref();
    };
    if (signal.aborted) startGrace();
    else signal.addEventListener('abort', startGrace, { once: true });
    graces.set(signal, created);
    grace = created;
  }
  return grace;
}

/**
 * Providers whose calls are aborted CANCEL_GRACE_MS after the run is cancelled: a call that
 * answers within the grace is kept, and none holds the process open after it.
 */
export function cancellable(providers: Providers, signal: AbortSignal | undefined): Providers {
  if (!signal) return providers;
  const late = new AbortController();
  signal.addEventListener('abort', () => setTimeout(() => late.abort(signal.reason), CANCEL_GRACE_MS).unref(), { once: true });
  const wrap = (provider: Provider): Provider => ({
    name: provider.name,
    complete: async (request, callOptions) => {
      // Each call gets a signal of its own, tied to the run's by a listener removed when the
      // call ends. Handing the run's signal itself to every call made each one (and every
      // AbortSignal.any the SDK layer builds on it) a dependant of that one long-lived signal,
      // and every call left WeakRefs and weak cells behind it (docs/speed.md).
      const call = new AbortController();
      const abort = () => call.abort(late.signal.reason);
      if (late.signal.aborted) abort();
      else late.signal.addEventListener('abort', abort, { once: true });
      try {
        return await provider.complete(request, {
          signal: callOptions?.signal ? AbortSignal.any([callOptions.signal, call.signal]) : call.signal,
        });
      } finally {
        late.signal.removeEventListener('abort', abort);
      }
    },
  });
  return Object.fromEntries(
    Object.entries(providers).flatMap(([name, provider]) => (provider ? [[name, wrap(provider)] as const] : [])),
  ) as Providers;
}

/**
 * A run's place on the provider limiter. It is taken on the run's first provider call (an
 * answer from recordings takes none, so a replayed run never queues behind live ones) and
 * held until the run is over and reported: a cancel from onTestDone then lands before the
 * place lets the next call start. A call that waited for its place while the run was
 * cancelled does not start.
 */
export function providerSlot(places: Semaphore, signal: AbortSignal | undefined): { take: () => Promise<void>; release: () => void } {
  let granted: Promise<void> | undefined;
  let giveBack: (() => void) | undefined;
  let over = false;
  return {
    take: async () => {
      // The run ended while waiting (given up after a cancel): the place is handed on at once.
      granted ??= places.acquire().then((release) => {
        if (over) release();
        else giveBack = release;
      });
      await granted;
      if (signal?.aborted) throw new ProviderError('cancelled', CANCELLED_MESSAGE);
    },
    release: () => {
      over = true;
      giveBack?.();
      giveBack = undefined;
    },
  };
}
