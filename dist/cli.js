import { D as sinksFor, L as formatDiagnostic, am as keepAnswersAdvice, aQ as listVersions, aR as gitTagStore, aS as writeFileAtomically, aT as RESPONSE_MODES, aU as FAIL_ON_REGRESSION, aV as BLOCK_ON, aW as VERSION, aX as DEFAULT_CACHE_DIR, a4 as runEngine, aY as parseShard, aZ as DEFAULT_SETTINGS } from './chunks/engine.js';
const { dirname, join, resolve, relative, sep, basename } = globalThis.process.getBuiltinModule("node:path");
const { parseArgs } = globalThis.process.getBuiltinModule("node:util");
const { statSync } = globalThis.process.getBuiltinModule("node:fs");
const { readFile, readdir, mkdir } = globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/**
 * The top of the git work tree holding `cwd`, or undefined outside one: what
 * `git rev-parse --show-toplevel` answers, found by looking for `.git` upwards instead of
 * starting git (a process spawn was a sizeable share of a one-test run; docs/speed.md).
 * Whenever git's own discovery could answer differently (GIT_DIR, GIT_WORK_TREE, ceiling
 * directories, a cwd inside a `.git` folder), git is asked.
 */
async function repositoryRoot(cwd, env = process.env) {
    const gitDecides = env.GIT_DIR || env.GIT_WORK_TREE || env.GIT_CEILING_DIRECTORIES || env.GIT_DISCOVERY_ACROSS_FILESYSTEM;
    if (gitDecides || cwd.split(/[\\/]/).includes('.git'))
        return askGit(cwd, env);
    for (let dir = cwd;; dir = dirname(dir)) {
        // A `.git` folder (a clone) or file (a worktree or submodule: "gitdir: ...") marks the top.
        const marker = statSync(join(dir, '.git'), { throwIfNoEntry: false });
        if (marker?.isFile())
            return dir;
        if (marker?.isDirectory())
            return statSync(join(dir, '.git', 'HEAD'), { throwIfNoEntry: false }) ? dir : askGit(cwd, env);
        if (dirname(dir) === dir)
            return undefined;
    }
}
async function askGit(cwd, env) {
    const { execFile } = await import('node:child_process');
    return new Promise((resolve) => {
        execFile('git', ['rev-parse', '--show-toplevel'], { cwd, env }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
    });
}

var repositoryRoot$1 = /*#__PURE__*/Object.freeze({
  __proto__: null,
  repositoryRoot: repositoryRoot
});

const DEFAULT_RESULTS = '.promptgate/results.json';
/** Prints to stdout through the log sink: model output never becomes a terminal escape or a secret in a log. */
function printerFor(io, sinks = sinksFor(io.env)) {
    return (text) => io.stdout(`${sinks.logLine(text)}\n`);
}
/** The prompts' tagged versions, for the HTML report's plots: none outside a repository or without tags. */
async function taggedVersions(io) {
    const root = await repositoryRoot(io.cwd, io.env);
    if (!root)
        return [];
    try {
        return listVersions(await gitTagStore(root).list());
    }
    catch {
        return [];
    }
}
/** The console report, results.json, JUnit and Markdown: what every running command leaves behind. */
async function report(outcome, values, io) {
    const { results } = outcome;
    const sinks = sinksFor(io.env, outcome.secrets);
    const print = printerFor(io, sinks);
    for (const diagnostic of results.diagnostics)
        print(`error: ${formatDiagnostic(diagnostic)}`);
    const color = !values['no-color'] && !io.env.NO_COLOR && io.stdoutIsTTY;
    io.stdout(`${sinks.console(results, { color, maxFailuresPerSuite: values.quiet ? 0 : 20 })}\n`);
    for (const notice of results.notices)
        print(`note: ${notice}`);
    if (outcome.recordingsWritten.length > 0)
        print(`recorded: ${outcome.recordingsWritten.join(', ')}`);
    const advice = keepAnswersAdvice(results.calls, results.changedPrompts, { surface: 'cli', written: outcome.recordingsWritten });
    if (advice)
        print(`note: ${advice}`);
    const out = resolve(io.cwd, values.out ?? DEFAULT_RESULTS);
    await sinks.writeResults(out, results);
    // The default output folder ignores itself, so results never end up in a commit by accident.
    if (!values.out)
        await sinks.writeText(resolve(io.cwd, dirname(DEFAULT_RESULTS), '.gitignore'), '*\n');
    if (values.junit)
        await sinks.writeJUnit(resolve(io.cwd, values.junit), results);
    if (values.markdown)
        await sinks.writeText(resolve(io.cwd, values.markdown), `${await sinks.comment(results, {})}\n`);
    if (values.html)
        await sinks.writeHtmlReport(resolve(io.cwd, values.html), results, { versions: await taggedVersions(io) });
    if (!values.quiet)
        print(`results: ${relative(io.cwd, out) || out}`);
}

/** Wrong words on the command line: exit 2 with the message, and no stack trace. */
class UsageError extends Error {
}

const DEFAULT_OUT = 'prompts.lock.json';
/**
 * `promptgate bundle [PATH...] --ref production|canary|<id>@<version> --out prompts.lock.json`:
 * the tagged versions, read from their tags' commits, in one content-addressed lockfile for
 * the app's runtime (`promptgate/runtime`). `--check` fails when a bundled folder's work tree
 * differs from its tag; otherwise that is a warning.
 */
async function bundleCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
            ref: { type: 'string', multiple: true },
            out: { type: 'string' },
            'with-recordings': { type: 'boolean' },
            check: { type: 'boolean' },
            quiet: { type: 'boolean' },
        },
    });
    const { alias, pins } = parseRefs(values.ref ?? []);
    const repoDir = await repositoryRoot(io.cwd, io.env);
    if (!repoDir)
        throw new UsageError('bundle needs a git repository: it reads the release tags');
    const roots = positionals.map((path) => {
        const inside = relative(repoDir, resolve(io.cwd, path)).split(sep).join('/');
        if (inside.startsWith('..'))
            throw new UsageError(`${path} is outside the repository ${repoDir}`);
        return inside === '' ? '.' : inside;
    });
    const [{ buildBundle }, { formatLockfile }] = await Promise.all([import('./chunks/build-bundle.js'), import('./chunks/lockfile.js')]);
    const { lockfile, drift } = await buildBundle({ repoDir, roots, alias, pins, withRecordings: values['with-recordings'] === true });
    if (drift.length > 0 && values.check) {
        throw new UsageError(`the work tree differs from the tagged versions (--check):\n${drift.map((line) => `  ${line}`).join('\n')}`);
    }
    const print = printerFor(io);
    for (const line of drift)
        io.stderr(`warning: ${line}\n`);
    const out = resolve(io.cwd, values.out ?? DEFAULT_OUT);
    await writeFileAtomically(out, formatLockfile(lockfile));
    if (!values.quiet) {
        for (const [id, prompt] of Object.entries(lockfile.prompts)) {
            const canary = prompt.canary;
            const production = prompt.production ? `${prompt.production.version} (${short(prompt.production.commit)})` : undefined;
            const canaryText = canary
                ? `canary ${canary.version} (${short(canary.commit)})${prompt.production ? ` for ${canary.deploy?.canary?.weight ?? 0}% of keys` : ''}`
                : undefined;
            print(`bundled ${id} ${[production, canaryText].filter(Boolean).join(', ')}`);
        }
        print(`wrote ${relative(io.cwd, out) || out} (${lockfile.digest})`);
    }
    return 0;
}
/** `--ref` values: at most one of production / canary (default production), and any `<id>@<version>`. */
function parseRefs(refs) {
    let alias;
    const pins = [];
    for (const ref of refs.flatMap((value) => value.split(',')).map((value) => value.trim())) {
        if (ref === 'production' || ref === 'canary') {
            if (alias && alias !== ref)
                throw new UsageError('--ref takes production or canary, not both');
            alias = ref;
            continue;
        }
        const match = /^(?:prompts\/)?(.+)@([^@]+)$/.exec(ref);
        if (!match || match[2] === 'production' || match[2] === 'canary') {
            throw new UsageError(`--ref must be production, canary or <prompt id>@<version> (e.g. customer-support@v2.0), got "${ref}"`);
        }
        pins.push({ id: match[1], version: match[2] });
    }
    return { alias: alias ?? (pins.length === 0 ? 'production' : undefined), pins };
}
const short = (commit) => commit.slice(0, 12);

/** The flags every running command (test, release, merge) shares. */
const RUN_OPTIONS = {
    responses: { type: 'string' },
    concurrency: { type: 'string' },
    threshold: { type: 'string' },
    repeat: { type: 'string' },
    'min-pass': { type: 'string' },
    'fail-on-regression': { type: 'string' },
    'block-on': { type: 'string' },
    out: { type: 'string' },
    junit: { type: 'string' },
    markdown: { type: 'string' },
    'cache-dir': { type: 'string' },
    'no-cache': { type: 'boolean' },
    html: { type: 'string' },
    'no-color': { type: 'boolean' },
    quiet: { type: 'boolean' },
};
function parseNumber(name, value, { min, max, integer }) {
    if (value === undefined)
        return undefined;
    const number = Number(value);
    if (value.trim() === '' || Number.isNaN(number) || number < min || number > max || (integer && !Number.isInteger(number))) {
        throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${value}"`);
    }
    return number;
}
function toRepoPath(repoDir, cwd, path) {
    const relativePath = relative(repoDir, resolve(cwd, path)).split(sep).join('/');
    if (relativePath.startsWith('..'))
        throw new UsageError(`${path} is outside the repository ${repoDir}`);
    return relativePath === '' ? '.' : relativePath;
}
/** The engine options of a running command, from its flags; `needsGit` names what needs a repository. */
async function engineOptionsFrom(values, positionals, io, needsGit) {
    const responses = values.responses;
    if (responses !== undefined && !RESPONSE_MODES.includes(responses)) {
        throw new UsageError(`--responses must be one of ${RESPONSE_MODES.join(', ')}, got "${values.responses}"`);
    }
    const concurrency = parseNumber('concurrency', values.concurrency, { min: 1, max: 1000, integer: true });
    const threshold = parseNumber('threshold', values.threshold, { min: 0, max: 1, integer: false });
    const repeat = parseNumber('repeat', values.repeat, { min: 1, max: 100, integer: true });
    const minPass = parseNumber('min-pass', values['min-pass'], { min: 1, max: 100, integer: true });
    const failOnRegression = values['fail-on-regression'];
    if (failOnRegression !== undefined && !FAIL_ON_REGRESSION.includes(failOnRegression)) {
        throw new UsageError(`--fail-on-regression must be one of ${FAIL_ON_REGRESSION.join(', ')}, got "${failOnRegression}"`);
    }
    const blockOn = values['block-on'];
    if (blockOn !== undefined && !BLOCK_ON.includes(blockOn)) {
        throw new UsageError(`--block-on must be one of ${BLOCK_ON.join(', ')}, got "${blockOn}"`);
    }
    const gitRoot = await repositoryRoot(io.cwd, io.env);
    if (needsGit && !gitRoot)
        throw new UsageError(`${needsGit} needs a git repository`);
    const repoDir = gitRoot ?? io.cwd;
    return {
        repoDir,
        roots: positionals.map((path) => toRepoPath(repoDir, io.cwd, path)),
        // Flags not given stay undefined: resolveSettings falls back to promptgate.yaml, then the default.
        responses,
        concurrency,
        threshold,
        repeat,
        minPass,
        failOnRegression,
        blockOn,
        // The answer cache: on by default, in the repository's .promptgate/cache (which ignores itself).
        ...(values['no-cache'] ? {} : { cacheDir: resolve(io.cwd, values['cache-dir'] ?? join(repoDir, DEFAULT_CACHE_DIR)) }),
        env: io.env,
        signal: io.signal,
        toolVersion: VERSION,
        onWarning: (message) => io.stderr(`warning: ${message}\n`),
        // The user runs their own checkout: its checks.mjs runs (a base read from git, only as these bytes).
        customChecks: { trustedRoot: repoDir },
    };
}

/**
 * `promptgate merge FILE...`: joins the shards' results files; reports and exits as the unsharded
 * run would. A set that is not one run exits 2 with every problem named, and writes nothing. On
 * SIGINT / SIGTERM before the merge is done it stops, writes nothing, and runCli exits 130 / 143.
 */
async function mergeCommand(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: RUN_OPTIONS });
    if (positionals.length === 0)
        throw new UsageError('merge needs the results files of every shard');
    if (!values.out)
        throw new UsageError('merge needs --out FILE for the merged results.json');
    const { MergeCancelled, mergeShards, readShardFiles } = await import('./chunks/merge.js');
    const results = mergeShards(await readShardFiles(positionals, { cwd: io.cwd, signal: io.signal }));
    if (io.signal?.aborted)
        throw new MergeCancelled(io.signal);
    await report({ results, recordingsWritten: [] }, values, io);
    return results.gate.exitCode;
}

/**
 * `promptgate monitor --logs PATH... [--since 24h]`: the production figures of every prompt
 * version in the window, its guards checked, and the local tags moved: production rolled back,
 * a canary dropped, or (with --promote) a ready canary promoted. Exit 0 when no serving
 * version breached a guard, 1 when one did (whatever was done about it), 2 on bad input.
 */
async function monitorCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
            logs: { type: 'string', multiple: true },
            since: { type: 'string' },
            prompt: { type: 'string', multiple: true },
            promote: { type: 'boolean' },
            'dry-run': { type: 'boolean' },
            markdown: { type: 'string' },
            quiet: { type: 'boolean' },
        },
    });
    if (!values.logs)
        throw new UsageError('monitor needs --logs PATH... (the OTLP JSON files the runtime or a collector wrote)');
    const repoDir = await repositoryRoot(io.cwd, io.env);
    if (!repoDir)
        throw new UsageError('monitor needs a git repository: it reads the release tags and each version at its tag');
    const [{ expandLogPaths }, { parseWindow, DEFAULT_SINCE }, runMonitorModule, { gitMonitorTagStore }, report] = await Promise.all([
        import('./chunks/log-paths.js'),
        import('./chunks/window.js'),
        import('./chunks/run-monitor.js'),
        import('./chunks/tags.js'),
        import('./chunks/report.js'),
    ]);
    const logs = await expandLogPaths([...values.logs, ...positionals], io.cwd);
    const sinks = sinksFor(io.env);
    const print = printerFor(io, sinks);
    const outcome = await runMonitorModule.runMonitor({
        repoDir,
        logs,
        window: parseWindow(values.since ?? DEFAULT_SINCE, Date.now()),
        store: gitMonitorTagStore(repoDir),
        prompts: values.prompt ?? [],
        promote: values.promote === true,
        dryRun: values['dry-run'] === true,
        warn: (message) => io.stderr(`warning: ${sinks.logLine(message)}\n`),
    });
    const lines = report.renderMonitorText(outcome);
    for (const line of values.quiet ? lines.filter((line) => /^\s*(- |push it:|Actions:)/.test(line)) : lines)
        print(line);
    const pushes = outcome.results.flatMap((result) => (result.push ? [result.push] : []));
    if (pushes.length > 0)
        print(`the tags changed only here: push them with the commands above`);
    if (values.markdown)
        await sinks.writeText(resolve(io.cwd, values.markdown), report.renderMonitorMarkdown(outcome));
    return runMonitorModule.breachedOrFailed(outcome) ? 1 : 0;
}

/**
 * `promptgate harvest <id> --logs PATH... --where EXPR [--max N] [--into FOLDER] [--since 7d]`:
 * production cases that match become tests (needs_expected: true) of the prompt's newest
 * version folder, their answers recordings. Exit 0 (however many cases matched), 2 on bad input.
 */
async function harvestCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: {
            logs: { type: 'string', multiple: true },
            where: { type: 'string' },
            max: { type: 'string' },
            into: { type: 'string' },
            since: { type: 'string' },
            quiet: { type: 'boolean' },
        },
    });
    const [promptId, ...extraLogs] = positionals;
    if (!promptId)
        throw new UsageError('harvest needs the prompt id: promptgate harvest <id> --logs PATH... --where EXPR');
    if (!values.logs)
        throw new UsageError('harvest needs --logs PATH... (the OTLP JSON files the runtime or a collector wrote)');
    if (!values.where)
        throw new UsageError('harvest needs --where EXPR, e.g. --where "confidence < 0.6" (docs/monitor.md)');
    const max = values.max === undefined ? undefined : Number(values.max);
    if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 1000)) {
        throw new UsageError(`--max must be a whole number from 1 to 1000, got "${values.max}"`);
    }
    const repoDir = await repositoryRoot(io.cwd, io.env);
    if (!repoDir)
        throw new UsageError('harvest needs a git repository: it reads the release tags of the versions that served the cases');
    const into = values.into === undefined ? undefined : relative(repoDir, resolve(io.cwd, values.into)).split(sep).join('/');
    if (into?.startsWith('..'))
        throw new UsageError(`--into ${values.into} is outside the repository ${repoDir}`);
    const [{ expandLogPaths }, { parseWindow }, harvest, { gitMonitorTagStore }, { renderHarvestText }] = await Promise.all([
        import('./chunks/log-paths.js'),
        import('./chunks/window.js'),
        import('./chunks/run-harvest.js'),
        import('./chunks/tags.js'),
        import('./chunks/report2.js'),
    ]);
    const sinks = sinksFor(io.env);
    const outcome = await harvest.runHarvest({
        repoDir,
        promptId,
        logs: await expandLogPaths([...values.logs, ...extraLogs], io.cwd),
        window: parseWindow(values.since ?? harvest.DEFAULT_HARVEST_SINCE, Date.now()),
        where: values.where,
        max: max ?? harvest.DEFAULT_MAX_CASES,
        ...(into !== undefined ? { into } : {}),
        store: gitMonitorTagStore(repoDir),
        env: io.env,
        warn: (message) => io.stderr(`warning: ${sinks.logLine(message)}\n`),
    });
    const print = printerFor(io, sinks);
    const lines = renderHarvestText(promptId, values.where, outcome);
    for (const line of values.quiet ? lines.slice(0, 1) : lines)
        print(line);
    return 0;
}

/**
 * `promptgate import FILE.prompt.yml [--out FOLDER] [--force]`: a GitHub Models prompt file as a
 * prompt folder (default prompts/<name>/v1). Whatever does not map is a warning naming it.
 */
async function importCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { out: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean' } },
    });
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0)
        throw new UsageError('import takes one file: promptgate import FILE.prompt.yml [--out FOLDER]');
    const path = resolve(io.cwd, file);
    const text = await readFile(path, 'utf8').catch(() => {
        throw new UsageError(`${file} cannot be read`);
    });
    const slug = basename(file)
        .replace(/\.prompt\.ya?ml$|\.ya?ml$/i, '')
        .replace(/[^A-Za-z0-9._-]+/g, '-') || 'imported';
    const out = resolve(io.cwd, values.out ?? join('prompts', slug, 'v1'));
    const existing = await readdir(out).catch(() => []);
    if (!values.force && existing.some((name) => ['system.txt', 'tests.yaml', 'prompt.yaml'].includes(name))) {
        throw new UsageError(`${relative(io.cwd, out) || out} already holds a prompt folder: give another --out, or --force to overwrite it`);
    }
    const [{ importGitHubModels }, { loadPromptFolder }, { createWorkTreeSource }, { formatDiagnostic }] = await Promise.all([
        import('./chunks/import-github-models.js'),
        import('./chunks/engine.js').then(function (n) { return n.bf; }),
        import('./chunks/engine.js').then(function (n) { return n.bd; }),
        import('./chunks/engine.js').then(function (n) { return n.b9; }),
    ]);
    const imported = await importGitHubModels(text, file);
    await mkdir(out, { recursive: true });
    const sinks = sinksFor(io.env);
    for (const [name, content] of Object.entries(imported.files))
        await sinks.writeText(join(out, name), content);
    for (const warning of imported.warnings)
        io.stderr(`warning: ${sinks.logLine(warning)}\n`);
    // What was written must load as the tests will load it.
    const loaded = await loadPromptFolder(createWorkTreeSource(out), '', {});
    if (!loaded.ok)
        throw new UsageError(`the imported folder does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}`);
    if (!values.quiet) {
        printerFor(io, sinks)(`wrote ${relative(io.cwd, out) || '.'} (${Object.keys(imported.files).sort().join(', ')}): ${loaded.folder.tests.length} tests${imported.warnings.length > 0 ? `, ${imported.warnings.length} warnings above` : ''}`);
    }
    return 0;
}

/**
 * `promptgate export --to github-models [FOLDER] [--out FILE]`: a prompt folder as a GitHub
 * Models prompt file (default <id>.prompt.yml), to run with `gh models eval` or open in GitHub's
 * prompt editor. Whatever does not map is a warning naming it.
 */
async function exportCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { to: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' } },
    });
    if (values.to !== 'github-models')
        throw new UsageError('export needs --to github-models (the one format it writes)');
    if (positionals.length > 1)
        throw new UsageError('export takes one prompt folder');
    const folderPath = resolve(io.cwd, positionals[0] ?? '.');
    const [{ exportGitHubModels }, { loadPromptFolder }, { createWorkTreeSource }, { loadRepoConfig }, { repositoryRoot }, { formatDiagnostic },] = await Promise.all([
        import('./chunks/export-github-models.js'),
        import('./chunks/engine.js').then(function (n) { return n.bf; }),
        import('./chunks/engine.js').then(function (n) { return n.bd; }),
        import('./chunks/engine.js').then(function (n) { return n.be; }),
        Promise.resolve().then(function () { return repositoryRoot$1; }),
        import('./chunks/engine.js').then(function (n) { return n.b9; }),
    ]);
    // Within a repository, its promptgate.yaml defaults apply, as they do to the tests.
    const root = (await repositoryRoot(folderPath, io.env)) ?? folderPath;
    const source = createWorkTreeSource(root);
    const { config } = await loadRepoConfig(source);
    const relativePath = folderPath === root
        ? ''
        : folderPath
            .slice(root.length + 1)
            .split('\\')
            .join('/');
    const loaded = await loadPromptFolder(source, relativePath, config);
    if (!loaded.ok)
        throw new UsageError(`${positionals[0] ?? '.'} does not load: ${loaded.errors.map(formatDiagnostic).join('; ')}`);
    const exported = exportGitHubModels(loaded.folder);
    const sinks = sinksFor(io.env);
    for (const warning of exported.warnings)
        io.stderr(`warning: ${sinks.logLine(warning)}\n`);
    const out = resolve(io.cwd, values.out ?? `${loaded.folder.id.replace(/[^A-Za-z0-9._-]+/g, '-')}.prompt.yml`);
    await sinks.writeText(out, exported.text);
    if (!values.quiet)
        printerFor(io, sinks)(`wrote ${out}`);
    return 0;
}

const plural = (count, word) => `${count} ${word}${count === 1 ? '' : 's'}`;
/**
 * `promptgate prune [PATH...] [--check]`: replays every suite (no provider is called, no cache is
 * read) and keeps in each recordings.json only the answers some test still asks for: entries of
 * tests removed or changed, and runs beyond a lowered repeat count, go. With --check it writes
 * nothing and exits 1 when a file holds unused answers or a request has none recorded, the
 * check a CI step or a pre-commit hook runs.
 */
async function pruneCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { check: { type: 'boolean' }, quiet: { type: 'boolean' } },
    });
    const check = values.check === true;
    // Replay only, and no cache: an answer found elsewhere would hide that the file lacks it.
    // The repeat count is promptgate.yaml's: a flag lowering it would drop recorded runs.
    const options = { ...(await engineOptionsFrom({ 'no-cache': true }, positionals, io, undefined)), responses: 'replay' };
    const outcome = await runEngine({ ...options, prune: check ? 'check' : 'write' });
    const print = printerFor(io);
    const { results } = outcome;
    for (const diagnostic of results.diagnostics)
        print(`error: ${formatDiagnostic(diagnostic)}`);
    const stale = (outcome.staleRecordings ?? []).filter((file) => unusedAnswers(file) > 0);
    for (const file of stale)
        print(describeStale(file, check));
    const missing = (results.calls?.head.missing ?? 0) + (results.calls?.judge.missing ?? 0);
    if (missing > 0) {
        print(`${plural(missing, 'request')} ha${missing === 1 ? 's' : 've'} no recorded answer: ` +
            'record them with promptgate test PATH --responses record (or auto)');
    }
    if (!values.quiet) {
        const read = outcome.staleRecordings?.length ?? 0;
        const verb = check ? 'would remove' : 'removed';
        const answers = stale.reduce((sum, file) => sum + unusedAnswers(file), 0);
        print(`${plural(read, 'recordings file')} read, ${verb} ${plural(answers, 'unused answer')}`);
    }
    // A cancelled run prunes nothing; runCli exits 130 / 143.
    if (results.cancelled)
        return 1;
    // A folder that did not load (in part) is left as it is, and the run says it could not judge it.
    const unloaded = results.suites.filter((suite) => suite.diagnostics?.length || suite.tests.some((test) => test.errorKind === 'invalid-input'));
    for (const suite of unloaded) {
        const problems = [
            ...(suite.diagnostics ?? []).map(formatDiagnostic),
            ...suite.tests.filter((test) => test.errorKind === 'invalid-input').map((test) => test.error ?? test.name),
        ];
        for (const problem of new Set(problems))
            print(`error: ${problem}`);
        print(`not pruned: ${suite.path} (a test could not load; fix it, then run prune again)`);
    }
    if (results.diagnostics.length > 0 || unloaded.length > 0)
        return 2;
    return check && (stale.length > 0 || missing > 0) ? 1 : 0;
}
const unusedAnswers = (file) => file.requestAnswers + file.extraRuns;
function describeStale(file, check) {
    const parts = [
        file.requests > 0 ? `${plural(file.requestAnswers, 'answer')} to ${plural(file.requests, 'request')} no test makes` : '',
        file.extraRuns > 0 ? `${plural(file.extraRuns, 'run')} beyond the repeat count` : '',
    ];
    return `${file.path}: ${check ? 'holds' : 'removed'} ${parts.filter(Boolean).join(' and ')}`;
}

/** `promptgate release [PATH...]`: tag each passing version, move the production alias, print the push command. */
async function releaseCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { ...RUN_OPTIONS, promote: { type: 'string' }, canary: { type: 'string' }, 'no-alias': { type: 'boolean' } },
    });
    if (values.promote && values.canary)
        throw new UsageError('--promote and --canary each move one alias: give one of them');
    const options = await engineOptionsFrom(values, positionals, io, 'release');
    const [{ headCommit, runGit }, { gitTagStore, promptChangedInGit }, { runRelease }] = await Promise.all([
        import('./chunks/engine.js').then(function (n) { return n.ba; }),
        import('./chunks/engine.js').then(function (n) { return n.bb; }),
        import('./chunks/run-release.js'),
    ]);
    const commit = await headCommit(options.repoDir);
    // Untracked files count too: a folder that exists only in the work tree would otherwise be
    // tested here and tagged on a commit that does not contain it.
    const dirty = await runGit(options.repoDir, ['status', '--porcelain', '--', ...(options.roots.length ? options.roots : ['.'])]);
    if (dirty.trim() && !values.promote && !values.canary) {
        throw new UsageError('the prompt folders have uncommitted or untracked changes: commit them first, so the tags mark exactly what was tested');
    }
    const outcome = await runRelease({
        engine: options,
        store: gitTagStore(options.repoDir),
        commit,
        productionAlias: !values['no-alias'],
        ...(values.promote ? { promote: values.promote } : {}),
        ...(values.canary ? { canary: values.canary } : {}),
        promptChanged: (tagCommit, folder) => promptChangedInGit(options.repoDir, tagCommit, commit, folder),
    });
    if (outcome.engine)
        await report(outcome.engine, values, io);
    const print = printerFor(io);
    for (const tag of outcome.created)
        print(`tagged ${tag} at ${commit.slice(0, 12)}`);
    for (const skip of outcome.skipped)
        print(`not tagged ${skip.tag}: ${skip.reason}`);
    for (const move of outcome.moved)
        print(`moved ${move.tag} to ${move.version}${move.from ? ` (was ${move.from})` : ''}`);
    for (const failure of outcome.failed)
        print(`error: ${failure.reason}`);
    // Only the moving alias is forced: a version tag that exists on the remote must never be replaced.
    const pushed = [...outcome.created.map((tag) => `refs/tags/${tag}`), ...outcome.moved.map((move) => `+refs/tags/${move.tag}`)];
    if (pushed.length > 0)
        print(`push them with: git push origin ${pushed.join(' ')}`);
    // Cancelled: runCli exits 130 / 143; a caller without signals still sees a failure.
    if (outcome.cancelled)
        return 1;
    if (outcome.engine?.results.gate.exitCode === 2)
        return 2;
    // Release is not a gate (the pull request check is): a failing version is simply not tagged.
    // A conflicting tag is an error, because someone changed a released version in place.
    return outcome.failed.length > 0 ? 1 : 0;
}

/** `promptgate test [PATH...]`: run, report, and exit with the gate's code. */
async function testCommand(args, io) {
    const { values, positionals } = parseArgs({
        args,
        allowPositionals: true,
        options: { ...RUN_OPTIONS, base: { type: 'string' }, shard: { type: 'string' } },
    });
    const options = await engineOptionsFrom(values, positionals, io, values.base ? '--base' : undefined);
    if (values.base)
        Object.assign(options, { baseRef: values.base, changedOnly: positionals.length === 0 });
    if (values.shard !== undefined)
        options.shard = parseShard(values.shard);
    let done = 0;
    const progress = io.stderrIsTTY && !values.quiet;
    if (progress)
        options.onTestDone = () => io.stderr(`\r${++done} tests done`);
    const outcome = await runEngine(options);
    if (progress && done > 0)
        io.stderr('\r\u001b[K');
    await report(outcome, values, io);
    return outcome.results.gate.exitCode;
}

/** `promptgate types --bundle prompts.lock.json --out prompts.d.ts`: declarations for `execute`, from the lockfile. */
async function typesCommand(args, io) {
    const { values } = parseArgs({ args, options: { bundle: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean' } } });
    if (!values.bundle)
        throw new UsageError('types needs --bundle FILE (the lockfile promptgate bundle wrote)');
    const [{ readLockfile }, { generateTypes }] = await Promise.all([import('./chunks/lockfile.js'), import('./chunks/types-gen.js')]);
    const path = resolve(io.cwd, values.bundle);
    const lockfile = readLockfile(await readFile(path, 'utf8'), values.bundle);
    const out = resolve(io.cwd, values.out ?? 'prompts.d.ts');
    await writeFileAtomically(out, await generateTypes(lockfile, relative(io.cwd, path) || values.bundle));
    if (!values.quiet)
        printerFor(io)(`wrote ${relative(io.cwd, out) || out} (${Object.keys(lockfile.prompts).length} prompts)`);
    return 0;
}

/** `promptgate --help`: every command and flag, with the defaults load/settings.ts defines. */
const USAGE = `promptgate ${VERSION} \u2014 test LLM prompt folders, compare with a base branch, gate on pass rate

Usage:
  promptgate test [PATH...] [options]   run the suites of the prompt folders under PATH (default: promptgate.yaml
                                        \`prompts\`, else the whole repository)
  promptgate release [PATH...] [options]
                                        run every suite and tag each passing version that has no tag yet as
                                        prompts/<id>@<version> at HEAD; move prompts/<id>@production forward
      --promote ID@VERSION              only point prompts/<id>@production at that tagged version (a rollback)
      --canary ID@VERSION               only point prompts/<id>@canary at that tagged version (a canary release)
      --no-alias                        do not move the production alias
  promptgate merge FILE... --out FILE [--junit FILE] [--markdown FILE] [--html FILE]   join every shard's results (one run)
  promptgate prune [PATH...] [--check]  keep in each recordings.json only the answers some test still asks for
                                        (replayed: no call, no cache); --check writes nothing and exits 1 when
                                        a file holds unused answers or a request has none
  promptgate versions [--json]          list each prompt's tagged versions, production, pass rate and cost
  promptgate bundle [PATH...] [--ref production|canary|ID@VERSION]... [--out FILE] [--with-recordings] [--check]
                                        write the tagged versions (read from their tags' commits) into one
                                        lockfile for promptgate/runtime (default --ref production, which also
                                        takes prompts/<id>@canary; --out prompts.lock.json); --with-recordings
                                        adds each version's recordings.json for offline replay; --check fails
                                        when a bundled folder's work tree differs from its tag
  promptgate types --bundle FILE [--out FILE]
                                        TypeScript declarations for execute(): each prompt's variables and its
                                        output type from schema.json (default --out prompts.d.ts)
  promptgate monitor --logs PATH... [--since 24h] [--prompt ID]... [--promote] [--dry-run] [--markdown FILE]
                                        production figures per prompt, version and variant from OTLP JSON (the
                                        runtime's file or a collector's export), each with its 95% interval;
                                        a breached prompt.yaml deploy.rollback_on guard moves the local
                                        prompts/<id>@production back (or drops @canary); --promote promotes a
                                        ready canary. Exit 1 when a serving version breached a guard
  promptgate harvest ID --logs PATH... --where EXPR [--max 20] [--into FOLDER] [--since 7d]
                                        production cases matching EXPR (confidence < 0.6, escalate == true,
                                        error) become needs_expected tests of the newest version folder,
                                        scrubbed, their answers recorded (the spans must hold the conversation)
  promptgate import FILE.prompt.yml [--out FOLDER] [--force]
                                        a GitHub Models prompt file as a prompt folder (default prompts/<name>/v1)
  promptgate export --to github-models [FOLDER] [--out FILE]
                                        a prompt folder as a GitHub Models prompt file (default <id>.prompt.yml)
Options for test:
  --responses MODE   replay | record | live | auto (default ${DEFAULT_SETTINGS.responses}; auto replays what is recorded, calls
                     live for the rest when an API key is set, and records those answers)
  --concurrency N    concurrent model calls across all suites (promptgate.yaml, else ${DEFAULT_SETTINGS.concurrency})
  --threshold X      minimum pass rate per suite, 0..1 (promptgate.yaml, else ${DEFAULT_SETTINGS.threshold})
  --repeat N         run every test N times (k-of-n: N); every run is kept in results.json (promptgate.yaml, else ${DEFAULT_SETTINGS.repeat})
  --min-pass K       a test passes when K of its N runs pass (promptgate.yaml \`min_pass\`, else all N)
  --fail-on-regression significant
                     also fail a folder above the threshold but significantly worse than its base (default off)
  --block-on all|regressions
                     what blocks: every failure, or only new ones (failures already on the base are shown;
                     required tests and metric targets always block) (promptgate.yaml \`block_on\`, else all)
  --base REF         compare with REF's version (at the merge base); without PATH, only the folders
                     changed since then are run, as the GitHub Action does
  --cache-dir DIR    the answer cache: every answer is kept there and read before a live call
                     (default .promptgate/cache)
  --no-cache         neither read nor write the answer cache
  --out FILE         results.json path (default .promptgate/results.json)
  --junit FILE       also write JUnit XML
  --markdown FILE    also write the report as Markdown, exactly as the pull request comment shows it
  --html FILE        also write the HTML report: one self-contained page, every test base \u2194 head, filters,
                     plots (pass rate, cost, latency; tagged versions when the repository has release tags)
  --shard I/N        run share I of N of the tests (a matrix job); exits 0 on any pass rate: merge is the gate
  --no-color         plain output (also NO_COLOR=1)
  --quiet            only the summary lines

Environment: OPENAI_API_KEY, OPENAI_BASE_URL (OpenAI and OpenAI-compatible servers),
  ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL, and for Azure OpenAI: AZURE_OPENAI_API_KEY,
  AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION.
Exit status: 0 gate passed, 1 a suite is below the threshold, 2 bad input or usage,
130 / 143 interrupted (SIGINT / SIGTERM): results so far are written, unfinished tests marked cancelled.`;

/** `promptgate versions [--json]`: each prompt's tagged versions, production, pass rate and cost. */
async function versionsCommand(args, io) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
    const repoDir = await repositoryRoot(io.cwd, io.env);
    if (!repoDir)
        throw new UsageError('versions needs a git repository');
    const [{ gitTagStore }, { listVersions, renderVersions }] = await Promise.all([
        import('./chunks/engine.js').then(function (n) { return n.bb; }),
        import('./chunks/engine.js').then(function (n) { return n.bc; }),
    ]);
    const tags = await gitTagStore(repoDir).list();
    const versions = listVersions(tags);
    io.stdout(`${values.json ? JSON.stringify(versions, null, 2) : renderVersions(versions)}\n`);
    return 0;
}

/** The commands, by name: each parses its own flags and returns its exit status. */
const COMMANDS = {
    test: testCommand,
    release: releaseCommand,
    merge: mergeCommand,
    versions: versionsCommand,
    bundle: bundleCommand,
    types: typesCommand,
    monitor: monitorCommand,
    harvest: harvestCommand,
    import: importCommand,
    export: exportCommand,
    prune: pruneCommand,
};
/** Runs one CLI invocation and returns its exit status; never throws. */
async function main(argv, io) {
    const [command, ...rest] = argv;
    try {
        if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
            io.stdout(`${USAGE}\n`);
            return command === undefined ? 2 : 0;
        }
        if (command === '--version' || command === '-v') {
            io.stdout(`${VERSION}\n`);
            return 0;
        }
        const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
        if (!run) {
            io.stderr(`promptgate: unknown command "${sinksFor(io.env).logLine(command)}"; run promptgate --help\n`);
            return 2;
        }
        return await run(rest, io);
    }
    catch (error) {
        // Usage, input and git errors all mean "nothing could be judged": exit 2 per the CLI contract.
        const message = error instanceof Error ? error.message : String(error);
        io.stderr(`promptgate: ${sinksFor(io.env).text(message)}\n`);
        return 2;
    }
}
/** Exit statuses of a run ended by a signal, as shells report them (128 + signal number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 };
async function runCli() {
    // GitHub cancels a job with SIGINT, then SIGTERM: the first one cancels the run, which then
    // writes results.json (unfinished tests marked cancelled), JUnit and recordings, and exits.
    const controller = new AbortController();
    let received;
    const onSignal = (signal) => {
        // A second signal means "now": the first one's report is already under way or stuck.
        if (received !== undefined)
            process.exit(SIGNAL_EXIT[received]);
        received = signal;
        controller.abort(new Error(`received ${signal}`));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const code = await main(process.argv.slice(2), {
        cwd: process.cwd(),
        env: process.env,
        stdout: writerTo(process.stdout),
        stderr: writerTo(process.stderr),
        stdoutIsTTY: process.stdout.isTTY === true,
        stderrIsTTY: process.stderr.isTTY === true,
        signal: controller.signal,
    });
    const signal = received;
    if (signal === undefined) {
        process.exitCode = code;
        return;
    }
    // Calls abandoned after the grace period still hold sockets open: do not wait for them.
    process.stdout.write('', () => process.exit(SIGNAL_EXIT[signal]));
}
/**
 * Writes to one of the process's streams until its reader goes away (`promptgate test | head
 * -1`: EPIPE), then quietly drops the rest, like any filter whose reader has had enough. The
 * run still writes its files and exits with its own status; without a listener the stream's
 * 'error' event crashed the process with a stack trace.
 */
function writerTo(stream) {
    let open = true;
    stream.on('error', () => {
        open = false;
    });
    return (text) => {
        if (open && !stream.destroyed)
            stream.write(text);
    };
}

export { runCli };
