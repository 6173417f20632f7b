import { A as plural } from './engine.js';
import { a as escapeTableCell, e as escapeInline } from './markdown.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/*
 * What harvest did, for the console (plain lines; the CLI's sink cleans them) and for the draft
 * pull request (a GitHub Markdown table; every text from production escaped).
 */
const preview = (text, length = 70) => (text.length > length ? `${text.slice(0, length - 1)}\u2026` : text).replace(/\s+/g, ' ');
function renderHarvestText(promptId, where, outcome) {
    const skipped = [
        outcome.duplicates > 0 ? `${plural(outcome.duplicates, 'duplicate')} of a test or of each other` : '',
        outcome.withoutContent > 0 ? `${outcome.withoutContent} without the conversation in their span` : '',
    ].filter(Boolean);
    const lines = [
        `harvested ${plural(outcome.cases.length, 'case')} of ${promptId} into ${outcome.testsFile}: ${plural(outcome.matched, 'execution')} matched "${where}" in the window${skipped.length > 0 ? ` (${skipped.join(', ')})` : ''}`,
    ];
    for (const harvested of outcome.cases) {
        const { test } = harvested;
        lines.push(`  + ${test.name} \u00b7 ${test.source.version} \u00b7 ${test.source.at} \u00b7 "${preview(test.input)}"`);
    }
    for (const note of outcome.notes)
        lines.push(`note: ${note}`);
    if (outcome.written.length > 0) {
        lines.push(`wrote ${outcome.written.join(', ')}`);
        lines.push('next: give each case its expectations (expected_<field>, assert) and remove needs_expected: true; until then the cases run and are shown, never gated');
    }
    return lines;
}
/** The draft pull request's body: what was harvested, from where, and what a reviewer does next. */
function renderHarvestBody(promptId, where, window, outcome) {
    const rows = outcome.cases.map(({ test, production }) => {
        const answer = production.answer ? preview(production.answer.text, 80) : (production.execution.errorType ?? 'no answer');
        return `| ${escapeTableCell(test.name)} | ${escapeTableCell(preview(test.input, 80))} | ${escapeTableCell(answer)} | ${escapeTableCell(test.source.version)} | ${escapeTableCell(test.source.at)} |`;
    });
    return [
        `### promptgate harvest: ${escapeInline(promptId)}`,
        '',
        `${plural(outcome.cases.length, 'production case')} matching ${escapeInline(`"${where}"`)} (${escapeInline(window)}) added to ${escapeInline(outcome.testsFile)} with \`needs_expected: true\`, their answers to recordings.json. Inputs and kept variables are scrubbed of secrets, e-mail addresses, phone and card numbers; other variables are hashed.`,
        '',
        '| Test | Input | Production answer | Version | At |',
        '|---|---|---|---|---|',
        ...rows,
        '',
        'Before merging: give each case its expectations (`expected_<field>`, `assert`) and remove `needs_expected: true`. Until then the cases run and are shown, but never count against the gate.',
        ...(outcome.notes.length > 0 ? ['', ...outcome.notes.map((note) => `- ${escapeInline(note, 400)}`)] : []),
    ].join('\n');
}

export { renderHarvestBody, renderHarvestText };
