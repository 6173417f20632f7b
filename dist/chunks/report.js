import { f as formatInteger, A as plural } from './engine.js';
import { e as escapeInline, a as escapeTableCell, i as inlineCode } from './markdown.js';
import { d as describeFigure, f as formatValue, a as formatBounds, b as describeCheck } from './evidence.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/*
 * The monitor's report: the console's lines (plain text; the CLI's sink cleans each line) and
 * the job summary (GitHub Markdown: every name from the spans or the repository escaped).
 */
const time = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
function windowLine(outcome) {
    const { window } = outcome;
    const outside = outcome.outside > 0 ? ` (${formatInteger(outcome.outside)} outside it)` : '';
    return `window ${window.label}: ${time(window.fromMs)} to ${time(window.toMs)}, ${plural(outcome.executions, 'execution')}${outside} in ${plural(outcome.files.length, 'file')}`;
}
function groupHeading(group) {
    const serving = group.serving ? ` (prompts/${group.prompt}@${group.serving})` : '';
    const commits = group.commits.length > 0 ? ` at ${group.commits.map((commit) => commit.slice(0, 12)).join(', ')}` : '';
    const failures = group.failures > 0
        ? `, ${formatInteger(group.failures)} failed (${group.failureTypes.map(([type, count]) => `${type} ${formatInteger(count)}`).join(', ')})`
        : '';
    return `${group.prompt} ${group.version} \u00b7 ${group.variant}${serving}${commits}: ${plural(group.executions, 'execution')}${failures}`;
}
function renderMonitorText(outcome) {
    const lines = [`promptgate monitor: ${windowLine(outcome)}`];
    if (outcome.groups.length === 0)
        lines.push('', 'No promptgate spans in the window (spans carry gen_ai.prompt.name and gen_ai.prompt.version).');
    for (const group of outcome.groups) {
        lines.push('', groupHeading(group));
        const width = Math.max(...group.figures.map((figure) => figure.name.length));
        for (const figure of group.figures)
            lines.push(`  ${figure.name.padEnd(width)}  ${describeFigure(figure)}`);
    }
    for (const plan of outcome.plans)
        lines.push('', ...planLines(plan));
    if (outcome.results.length > 0) {
        lines.push('', 'Actions:');
        for (const result of outcome.results) {
            lines.push(`  - ${result.message}`);
            if (result.push)
                lines.push(`    push it: ${result.push}`);
        }
    }
    return lines;
}
function verdictLines(label, verdict) {
    const head = `${label} ${verdict.alias.version} (${plural(verdict.executions, 'execution')})`;
    if (verdict.problem)
        return [`${head}: guards unknown: ${verdict.problem}`];
    if (!verdict.guards || verdict.guards.guards.length === 0)
        return [`${head}: no guards (prompt.yaml deploy.rollback_on)`];
    return [
        `${head}, min_samples ${formatInteger(verdict.guards.minSamples)}:`,
        ...verdict.checks.map((check) => `  - ${describeCheck(check)}`),
    ];
}
function readyLine(plan) {
    if (!plan.canary)
        return undefined;
    const version = plan.canary.alias.version;
    return plan.ready
        ? `canary ${version} is ready to promote: promptgate monitor --promote (or promptgate release --promote ${plan.id}@${version})`
        : `canary ${version} is not ready to promote: ${plan.notReady ?? 'see above'}`;
}
function planLines(plan) {
    const lines = [`${plan.id}:`];
    if (plan.production)
        lines.push(...verdictLines('production', plan.production).map((line) => `  ${line}`));
    if (plan.canary)
        lines.push(...verdictLines('canary', plan.canary).map((line) => `  ${line}`), `  ${readyLine(plan)}`);
    return lines;
}
/** A plan as a Markdown list: each version, its guards under it, then whether the canary is ready. */
function planMarkdown(plan) {
    const lines = ['', `**${escapeInline(plan.id)}**`, ''];
    for (const [label, verdict] of [
        ['production', plan.production],
        ['canary', plan.canary],
    ]) {
        if (!verdict)
            continue;
        const [head, ...checks] = verdictLines(label, verdict);
        lines.push(`- ${escapeInline(head, 600)}`, ...checks.map((check) => `  - ${escapeInline(check.replace(/^\s*- /, ''), 600)}`));
    }
    const ready = readyLine(plan);
    if (ready)
        lines.push(`- ${escapeInline(ready, 600)}`);
    return lines;
}
/** The job summary: one table per prompt, the guards, and what was done. */
function renderMonitorMarkdown(outcome) {
    const parts = [`### promptgate monitor`, '', escapeInline(windowLine(outcome), 400)];
    const prompts = [...new Set(outcome.groups.map((group) => group.prompt))];
    for (const prompt of prompts) {
        const groups = outcome.groups.filter((group) => group.prompt === prompt);
        const names = [...new Set(groups.flatMap((group) => group.figures.map((figure) => figure.name)))];
        parts.push('', `#### ${escapeInline(prompt)}`, '');
        parts.push(`| Version | Variant | Executions | ${names.map((name) => escapeTableCell(name)).join(' | ')} |`);
        parts.push(`|---|---|---|${names.map(() => '---|').join('')}`);
        for (const group of groups) {
            const cells = names.map((name) => {
                const figure = group.figures.find((candidate) => candidate.name === name);
                if (!figure || figure.value === null)
                    return 'n/a';
                return escapeTableCell(`${formatValue(figure.kind, figure.value)} (${formatBounds(figure.kind, figure.interval)}) \u00b7 n=${formatInteger(figure.n)}`);
            });
            const serving = group.serving ? ` \u00b7 **${group.serving}**` : '';
            parts.push(`| ${escapeTableCell(group.version)}${serving} | ${escapeTableCell(group.variant)} | ${formatInteger(group.executions)} | ${cells.join(' | ')} |`);
        }
    }
    parts.push('', 'Each figure: value (95% interval) \u00b7 samples. Rates: Wilson; p95: order statistics; means: Student t.');
    for (const plan of outcome.plans)
        parts.push(...planMarkdown(plan));
    if (outcome.results.length > 0) {
        parts.push('', '**Actions**', '');
        for (const result of outcome.results)
            parts.push(`- ${escapeInline(result.message, 600)}`);
    }
    return `${parts.join('\n')}\n`;
}
/** The sticky issue of one prompt's incident: what happened, the evidence, and how to undo it. */
function renderIssueEvent(plan, outcome, message, promoteAgain) {
    const window = windowLine(outcome);
    const lines = [`#### ${escapeInline(message, 300)}`, '', `${escapeInline(`${window[0].toUpperCase()}${window.slice(1)}`, 300)}.`, ''];
    for (const verdict of [plan.production, plan.canary]) {
        if (!verdict)
            continue;
        const { alias } = verdict;
        lines.push(`- ${alias.alias} ${inlineCode(alias.version)} at ${inlineCode(alias.commit.slice(0, 12))} (${formatInteger(verdict.executions)} executions in the window)`);
        for (const check of verdict.checks)
            lines.push(`  - ${escapeInline(describeCheck(check), 600)}`);
    }
    for (const action of plan.actions) {
        if (action.kind === 'rollback') {
            lines.push(`- rolled back to ${inlineCode(action.to.version)} at ${inlineCode(action.to.entry.commit.slice(0, 12))} (${escapeInline(action.to.how, 200)})`);
        }
    }
    if (promoteAgain)
        lines.push('', `To promote it again once it is fixed: ${inlineCode(promoteAgain)}`);
    return lines.join('\n');
}

export { renderIssueEvent, renderMonitorMarkdown, renderMonitorText, windowLine };
