const { hash } = globalThis.process.getBuiltinModule("node:crypto");
const { realpathSync, statSync, readFileSync } = globalThis.process.getBuiltinModule("node:fs");
const { resolve, join, sep } = globalThis.process.getBuiltinModule("node:path");
const { pathToFileURL } = globalThis.process.getBuiltinModule("node:url");
const { Worker } = globalThis.process.getBuiltinModule("node:worker_threads");

/*
 * `js` checks: a named export of the folder's checks.mjs, `(output, test) => ({ pass, reason })`,
 * sync or async. It is code from the repository, so it runs only where that code is already
 * trusted (CustomCheckPolicy, decided by the caller: the CLI trusts the user's own checkout, the
 * action decides by event), and only as the bytes of the trusted checkout: a folder read from git
 * objects (the base) runs its checks.mjs only when the checked-out file at the same path has the
 * same SHA-256, and then it is that file that is imported. Nothing read from git objects is ever
 * written to disk or imported.
 *
 * Each module runs in a worker thread of its own, one check at a time, with no environment
 * variables (no provider key reaches it) and its console output dropped; a check that takes
 * longer than JS_CHECK_TIMEOUT_MS is stopped (the worker is terminated) and errors.
 */
const JS_CHECK_TIMEOUT_MS = 5000;
/** A module's worker ends after this long without a check, so nothing holds the process open. */
const IDLE_MS = 1000;
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const describe = (value) => value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value;
let loaded;
parentPort.on('message', async (job) => {
  const reply = (value) => parentPort.postMessage(value);
  let module;
  try {
    loaded ??= import(workerData.url);
    module = await loaded;
  } catch (error) {
    return reply({ error: 'checks.mjs could not be loaded: ' + (error && typeof error.message === 'string' ? error.message : String(error)) });
  }
  const check = module[job.name];
  if (typeof check !== 'function') {
    const names = Object.keys(module).filter((key) => typeof module[key] === 'function');
    return reply({ error: 'checks.mjs has no exported function "' + job.name + '" (its functions: ' + (names.join(', ') || 'none') + ')' });
  }
  try {
    const result = await check(job.output, job.test);
    if (result === null || typeof result !== 'object' || typeof result.pass !== 'boolean') {
      return reply({ error: job.name + ' returned ' + describe(result) + ', not { pass: true or false, reason }' });
    }
    reply({ pass: result.pass, ...(typeof result.reason === 'string' ? { reason: result.reason } : {}) });
  } catch (error) {
    reply({ error: job.name + ' threw: ' + (error && typeof error.message === 'string' ? error.message : String(error)) });
  }
});
`;
/** One worker per module, its checks one at a time (a timeout then stops only the check that hung). */
class ModuleWorker {
    url;
    timeoutMs;
    worker;
    queue = [];
    busy = false;
    idle;
    constructor(url, timeoutMs) {
        this.url = url;
        this.timeoutMs = timeoutMs;
    }
    run(name, output, test) {
        return new Promise((resolve) => {
            this.queue.push({ name, output, test, resolve });
            this.next();
        });
    }
    next() {
        if (this.busy)
            return;
        const job = this.queue.shift();
        if (!job) {
            this.idle = setTimeout(() => this.stop(), IDLE_MS).unref();
            return;
        }
        clearTimeout(this.idle);
        this.busy = true;
        const worker = (this.worker ??= this.start());
        const done = (verdict) => {
            clearTimeout(timer);
            worker.off('message', onMessage);
            worker.off('exit', onExit);
            this.busy = false;
            job.resolve(verdict);
            this.next();
        };
        const onMessage = (verdict) => done(verdict);
        const onExit = () => {
            this.worker = undefined;
            done({ error: `${job.name} ended its worker (process.exit?) before giving a verdict` });
        };
        const timer = setTimeout(() => {
            this.stop();
            done({ error: `${job.name} did not finish within ${this.timeoutMs / 1000} s; it was stopped` });
        }, this.timeoutMs);
        worker.on('message', onMessage);
        worker.once('exit', onExit);
        worker.postMessage({ name: job.name, output: job.output, test: job.test });
    }
    start() {
        const worker = new Worker(WORKER_SOURCE, {
            eval: true,
            workerData: { url: this.url },
            env: {},
            stdout: true,
            stderr: true,
            resourceLimits: { maxOldGenerationSizeMb: 256 },
        });
        worker.stdout.resume();
        worker.stderr.resume();
        worker.on('error', () => undefined);
        worker.unref();
        return worker;
    }
    stop() {
        const worker = this.worker;
        this.worker = undefined;
        if (worker) {
            worker.removeAllListeners('exit');
            void worker.terminate();
        }
    }
}
/** The custom checks of one run: trust decided once, a worker per module. */
class CustomChecks {
    policy;
    workers = new Map();
    resolved = new Map();
    constructor(policy) {
        this.policy = policy;
    }
    /** Runs `name` of the folder's checks.mjs on the output, or says why it may not run. */
    async run(folder, name, output, test) {
        const module = folder.checksModule;
        if (!module)
            return { error: `the folder has no checks.mjs` };
        const key = `${module.file}\u0000${module.sha256}`;
        let where = this.resolved.get(key);
        if (!where) {
            where = this.locate(module);
            this.resolved.set(key, where);
        }
        if ('reason' in where)
            return { error: `not run: ${where.reason}` };
        let worker = this.workers.get(where.url);
        if (!worker) {
            worker = new ModuleWorker(where.url, this.policy.timeoutMs ?? JS_CHECK_TIMEOUT_MS);
            this.workers.set(where.url, worker);
        }
        return worker.run(name, output, test);
    }
    /** The trusted checkout's file with the same bytes, or why there is none. */
    locate(module) {
        if (this.policy.trustedRoot === undefined)
            return { reason: this.policy.reason };
        const root = realpathSync.native(resolve(this.policy.trustedRoot));
        let real;
        try {
            real = realpathSync.native(join(root, module.file));
        }
        catch {
            return { reason: `${module.file} is not in the checked-out files; promptgate runs custom checks only from the checkout` };
        }
        const inside = (dir) => real.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
        if (!inside(root) || inside(join(root, '.git')) || !statSync(real).isFile()) {
            return { reason: `${module.file} leads out of the checked-out repository` };
        }
        if (hash('sha256', readFileSync(real), 'hex') !== module.sha256) {
            return {
                reason: `this side's ${module.file} (read from git objects) differs from the checked-out one, and promptgate runs only checked-out code`,
            };
        }
        return { url: `${pathToFileURL(real).href}?sha256=${module.sha256}` };
    }
}
/** The check's result from the module's verdict; an error (not run, threw, timed out) has no verdict. */
function jsOutcome(name, verdict) {
    const checkName = `checks.mjs ${name} passes`;
    if ('error' in verdict)
        return {
            name: checkName,
            passed: false,
            expected: 'pass',
            actual: null,
            message: verdict.error,
            undecided: true,
            errored: verdict.error,
        };
    return {
        name: checkName,
        passed: verdict.pass,
        expected: 'pass',
        actual: verdict.reason ?? (verdict.pass ? 'pass' : 'fail'),
        ...(verdict.pass || verdict.reason === undefined ? {} : { message: verdict.reason }),
    };
}
/** The `test` argument of a check function. */
function jsCheckTest(test, json, calls) {
    return {
        name: test.name,
        input: test.input,
        vars: { ...test.vars },
        ...(json !== undefined ? { json } : {}),
        toolCalls: calls.map((call) => ({ name: call.name, arguments: call.arguments })),
    };
}

export { CustomChecks, JS_CHECK_TIMEOUT_MS, jsCheckTest, jsOutcome };
