/**
 * A counting semaphore: at most `concurrency` places held at once, handed out in the order they
 * were asked for. A test holds its place on the provider limiter from its first call until it
 * is reported (runner.ts), which a semaphore says plainly; a p-limit task kept open by a promise
 * that only settles on release said it by accident.
 */
export class Semaphore {
  private free: number;
  /** Waiters in order; `next` is the first not yet served (no O(n) shift per release). */
  private waiting: Array<(release: () => void) => void> = [];
  private next = 0;

  constructor(readonly concurrency: number) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`Semaphore: concurrency must be a whole number >= 1, got ${concurrency}`);
    this.free = concurrency;
  }

  /** Resolves with the function that gives the place back (calling it again does nothing). */
  acquire(): Promise<() => void> {
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((grant) => this.waiting.push(grant));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.next < this.waiting.length) {
        const grant = this.waiting[this.next]!;
        this.next += 1;
        if (this.next > 1024 && this.next * 2 > this.waiting.length) {
          this.waiting = this.waiting.slice(this.next);
          this.next = 0;
        }
        grant(this.releaser());
      } else {
        this.free += 1;
      }
    };
  }
}
