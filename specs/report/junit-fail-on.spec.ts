/**
 * JUnit failures follow `--fail-on`, as the exit code does: a finding at or above it is a `<failure>`, one
 * below it a passing case with the finding in `<system-out>`. Read back with fast-xml-parser, counts
 * checked against the cases.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import { RULES, sampleReport } from '../unit/report/fixture.js';
import { runCli } from '../cli/run-cli.js';
import { checkCounts, readJunit } from './junit-reader.js';

const HEADERS = `[{"name": "Authorization", "value": "Bearer <redacted>"}, {"name": "x-api-key", "value": "<redacted>"},
  {"name": "x-gw-ims-org-id", "value": "5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg"}, {"name": "x-sandbox-name", "value": "prod"}]`;

/** A batch created with a misspelled partial-ingestion field (a warning), then completed: no error. */
export const MISSPELLED_HAR = `{"log": {"entries": [
  {"startedDateTime": "2025-03-04T09:00:00.000Z",
   "request": {"method": "POST", "url": "https://platform.adobe.io/data/foundation/import/batches", "headers": ${HEADERS.replace(']', ', {"name": "Content-Type", "value": "application/json"}]')},
     "postData": {"mimeType": "application/json", "text": "{\\"datasetId\\":\\"5f0c0c7f6c5f1b194c1e0b4a\\",\\"partialIngestionPercentage\\":5}"}},
   "response": {"status": 201, "headers": [], "content": {"text": "{\\"id\\":\\"B1\\",\\"status\\":\\"loading\\"}"}}},
  {"startedDateTime": "2025-03-04T09:00:10.000Z",
   "request": {"method": "POST", "url": "https://platform.adobe.io/data/foundation/import/batches/B1?action=COMPLETE", "headers": ${HEADERS}},
   "response": {"status": 200, "headers": []}}
]}}
`;

describe('JUnit follows --fail-on (preflight)', () => {
  const ctx = { rules: RULES, color: false };

  it('under the default (error) only errors fail; warnings and info are in system-out', () => {
    const file = readJunit(renderJunit(sampleReport(), ctx));
    const totals = checkCounts(file);
    expect(totals.failures).toBe(1);
    const cases = file.suites.flatMap((s) => s.cases);
    const warning = cases.find((c) => c.name.startsWith('streaming/timestamp-format'));
    expect(warning?.failure).toBeUndefined();
    expect(warning?.systemOut).toMatch(/^warning /);
  });

  it('under --fail-on warn a warning is a <failure>, info still in system-out', () => {
    const file = readJunit(renderJunit(sampleReport(), { ...ctx, failOn: 'warn' }));
    const totals = checkCounts(file);
    expect(totals.failures).toBe(2);
    const cases = file.suites.flatMap((s) => s.cases);
    expect(cases.find((c) => c.name.startsWith('streaming/timestamp-format'))?.failure?.type).toBe('streaming/timestamp-format');
    expect(cases.find((c) => c.name.startsWith('streaming/recommended-record-size'))?.failure).toBeUndefined();
  });

  it('under --fail-on info every finding is a <failure>', () => {
    const report = sampleReport();
    const findings = report.files.flatMap((f) => f.findings).length;
    const totals = checkCounts(readJunit(renderJunit(report, { ...ctx, failOn: 'info' })));
    expect(totals.failures).toBe(findings);
  });
});

describe('JUnit follows --fail-on (check-trace, the command)', () => {
  it('--fail-on warn exits 1 and the JUnit file has the warning as a <failure>; --fail-on error exits 0 with none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'junit-fail-on-'));
    await writeFile(join(dir, 'misspelled.har'), MISSPELLED_HAR);
    const warn = await runCli(['check-trace', 'misspelled.har', '--no-config', '--fail-on', 'warn', '--format', 'junit', '--output', 'warn.xml'], { cwd: dir });
    expect(warn.code).toBe(1);
    const warnFile = readJunit(await readFile(join(dir, 'warn.xml'), 'utf8'));
    expect(checkCounts(warnFile).failures).toBeGreaterThan(0);
    expect(warnFile.suites.flatMap((s) => s.cases).some((c) => c.failure?.type === 'batch.request.partial-ingestion-misspelled')).toBe(true);

    const error = await runCli(['check-trace', 'misspelled.har', '--no-config', '--fail-on', 'error', '--format', 'junit', '--output', 'error.xml'], { cwd: dir });
    expect(error.code).toBe(0);
    const errorFile = readJunit(await readFile(join(dir, 'error.xml'), 'utf8'));
    expect(checkCounts(errorFile).failures).toBe(0);
    const warning = errorFile.suites.flatMap((s) => s.cases).find((c) => c.name.startsWith('batch.request.partial-ingestion-misspelled'));
    expect(warning?.failure).toBeUndefined();
    expect(warning?.systemOut).toMatch(/^warning misspelled\.har:/);
  });
});
