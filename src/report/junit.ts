import { preview } from './console.js';
import type { RunResult, TestResult } from './types.js';

function escapeXml(text: string): string {
  // XML 1.0 forbids most control characters even escaped; model output may contain them.
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function seconds(ms: number | null): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function testCase(classname: string, test: TestResult): string {
  const name = test.name;
  const open = `    <testcase classname="${escapeXml(classname)}" name="${escapeXml(name)}" time="${seconds(test.latencyMs)}"`;
  if (test.status === 'passed') return `${open}/>`;
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

/** JUnit XML in the common Surefire dialect that CI test reporters read. */
export function renderJUnit(run: RunResult): string {
  const suites = run.suites.map((suite) => {
    const s = suite.summary;
    const time = suite.tests.reduce((sum, test) => sum + (test.latencyMs ?? 0), 0);
    const classname = `${suite.id}@${suite.version}`;
    return [
      `  <testsuite name="${escapeXml(suite.path)}" tests="${s.total}" failures="${s.failed}" errors="${s.errors}" skipped="0" time="${seconds(time)}">`,
      ...suite.tests.map((test) => testCase(classname, test)),
      '  </testsuite>',
    ].join('\n');
  });
  const t = run.summary;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="promptgate" tests="${t.total}" failures="${t.failed}" errors="${t.errors}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
