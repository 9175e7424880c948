// Mocha reporter: mocha's own spec output, plus the counts written as JSON to $MOCHA_SUMMARY_FILE so
// the test harness can add up every suite into one "N passed, N failed" line.
'use strict';
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test, error) =>
      failures.push({ title: test.fullTitle(), error: String(error && error.message) }),
    );
    runner.once('end', () => {
      const file = process.env.MOCHA_SUMMARY_FILE;
      if (!file) return;
      const { passes, failures: failed, pending } = this.stats;
      writeFileSync(
        file,
        JSON.stringify({ passed: passes, failed, skipped: pending, failures }, null, 2),
      );
    });
  }
}

module.exports = SummaryReporter;
