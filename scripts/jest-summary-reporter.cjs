// Prints the plain closing line `N passed, N failed` that CI log readers understand, after
// Jest's own summary. A test file that could not run at all (a syntax error, a missing module)
// holds no failed test, so it is counted apart: "783 passed, 0 failed" must never hide one.
class SummaryLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const broken = results.testResults.filter(
      (file) => file.testExecError !== undefined || (file.failureMessage && file.numFailingTests === 0),
    ).length;
    const parts = [`${results.numPassedTests} passed`, `${results.numFailedTests} failed`];
    if (broken) parts.push(`${broken} test file${broken === 1 ? '' : 's'} failed to run`);
    if (skipped) parts.push(`${skipped} skipped`);
    process.stderr.write(`\n${parts.join(', ')}\n`);
  }
}
module.exports = SummaryLineReporter;
