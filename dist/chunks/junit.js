import { n as normalise, i as isNotRun, p as preview } from './engine.js';
globalThis.process.getBuiltinModule("node:fs/promises");
globalThis.process.getBuiltinModule("node:path");
globalThis.process.getBuiltinModule("node:v8");
globalThis.process.getBuiltinModule("node:worker_threads");
globalThis.process.getBuiltinModule("node:fs");
globalThis.process.getBuiltinModule("node:crypto");
globalThis.process.getBuiltinModule("node:events");
globalThis.process.getBuiltinModule("node:buffer");

/**
 * JUnit XML in the common Surefire dialect that CI test reporters read. Pure: results in, text
 * out. Written by hand: the dialect is a dozen lines, and no XML library knows which of its
 * attributes reporters read. A test that never ran (no recording, no key, cancelled) is
 * `<skipped>`, so reporters do not show it as a failure of the prompt.
 */
function escapeXml(text) {
    // XML 1.0 forbids most control characters (and lone surrogates) even escaped; model output may contain them.
    return normalise(text)
        .replace(/[\uFFFE\uFFFF]/g, '\uFFFD')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
}
function seconds(ms) {
    return ((ms ?? 0) / 1000).toFixed(3);
}
function testCase(classname, test) {
    const name = test.name;
    const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(name)}" time="${seconds(test.latencyMs)}"`;
    if (test.status === 'passed')
        return `${open}/>`;
    if (isNotRun(test))
        return `${open}>\n      <skipped message="${escapeXml(preview(`not run: ${test.error ?? ''}`, 300))}"/>\n    </testcase>`;
    if (test.status === 'error') {
        return `${open}>\n      <error message="${escapeXml(preview(test.error ?? 'error', 300))}">${escapeXml(test.error ?? '')}</error>\n    </testcase>`;
    }
    const failed = test.checks.filter((check) => !check.passed);
    const message = failed.map((check) => check.name).join('; ');
    const body = failed
        .map((check) => `${check.name}\n  expected: ${JSON.stringify(check.expected)}\n  actual: ${JSON.stringify(check.actual)}${check.message ? `\n  ${check.message}` : ''}`)
        .join('\n');
    const output = test.output !== null ? `\n      <system-out>${escapeXml(test.output)}</system-out>` : '';
    return `${open}>\n      <failure message="${escapeXml(preview(message, 300))}">${escapeXml(body)}</failure>${output}\n    </testcase>`;
}
function counts(tests) {
    const skipped = tests.filter(isNotRun).length;
    const failures = tests.filter((test) => test.status === 'failed').length;
    const errors = tests.filter((test) => test.status === 'error').length - skipped;
    return `tests="${tests.length}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
}
function renderJUnit(results) {
    const suites = results.suites.map((suite) => {
        const time = suite.tests.reduce((sum, test) => sum + (test.latencyMs ?? 0), 0);
        const classname = `${suite.id}@${suite.version}`;
        return [
            `  <testsuite name="${escapeXml(suite.path)}" ${counts(suite.tests)} time="${seconds(time)}">`,
            ...suite.tests.map((test) => testCase(classname, test)),
            '  </testsuite>',
        ].join('\n');
    });
    return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="promptgate" ${counts(results.suites.flatMap((suite) => suite.tests))}>`,
        ...suites,
        '</testsuites>',
        '',
    ].join('\n');
}

export { renderJUnit };
