/** The reports the HTML specs render: a real pre-flight run, a hand-built conformance run with failures, a hand-built client run. */
import { fileURLToPath } from 'node:url';
import { buildConformanceReport, type ConformanceCheck } from '../../src/report/conformance/model.js';
import type { ClientReport } from '../../src/report/client/model.js';
import type { PreflightReport } from '../../src/report/model.js';
import { preflight } from '../../src/rules/streaming/preflight-run.js';

export const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlMTIzNDU2';
export const MARKUP = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

export const MIXED = fileURLToPath(new URL('../../fixtures/payloads/web-events-mixed.json', import.meta.url));

export async function preflightSample(): Promise<PreflightReport> {
  const report = await preflight(MIXED);
  // A message that quotes run text: markup and a token must come out escaped and redacted.
  const first = report.files[0]!;
  first.findings.push({ ...first.findings[0]!, message: `quoted ${MARKUP} with Bearer ${JWT}` });
  report.summary.findings[first.findings[0]!.severity]++;
  return report;
}

const checks: ConformanceCheck[] = [
  { behaviour: 'streaming.batch.status-207', ok: true, subject: 'POST /collection/batch/inlet', origin: { kind: 'fixture', fixture: 'multi', file: 'fixtures/docs/streaming/multi.yaml', step: 0 } },
  {
    behaviour: 'streaming.batch.body-shape',
    ok: false,
    subject: `POST /collection/batch/inlet with 2 messages ${MARKUP}`,
    origin: { kind: 'fixture', fixture: 'multi', file: 'fixtures/docs/streaming/multi.yaml', step: 1, stepName: 'send two' },
    expected: '{ "inletId": … }',
    actual: `{"error":"${MARKUP}","auth":"Bearer ${JWT}"}`,
  },
  { behaviour: 'batch.complete', ok: true, subject: 'POST /batches/b1?action=COMPLETE', origin: { kind: 'generated', property: 'batch.life-cycle', seed: 42 } },
  {
    behaviour: 'batch.status.legal-transitions',
    ok: false,
    subject: 'loaded → loading seen',
    origin: { kind: 'generated', property: 'batch.life-cycle', seed: 42, path: '3:1' },
    expected: 'a legal successor of loaded',
    actual: 'loading',
    counterexample: '["create","complete","poll"]',
  },
  { behaviour: 'campaign.status.read', ok: true, subject: 'GET /ingestionStatus/r1', origin: { kind: 'generated', property: 'campaign.triggers', seed: 42 } },
];

export function conformanceSample() {
  return buildConformanceReport(
    { command: 'verify', target: 'reference server (in-process)', profile: 'docs', startedAt: '2026-12-02T15:00:00.000Z', durationMs: 1234, seed: 42, runs: 10 },
    checks,
    { version: '0.1.0' },
  );
}

const command = { exitCode: 1, signal: null, timedOut: false, durationMs: 300, outputTail: [`Authorization: Bearer ${JWT}`, MARKUP] };

export function clientSample(): ClientReport {
  return {
    tool: { name: 'aep-ingest-harness', version: '0.1.0' },
    run: { command: ['node', 'my client.mjs'], world: 'default', profile: 'docs', failOn: 'error', startedAt: '2026-12-02T15:00:00.000Z', durationMs: 900, timeoutSeconds: 60 },
    scenarios: [
      { name: 'streaming.happy', title: 'Every message is accepted', description: 'The server accepts every message.', status: 'pass', command: { ...command, exitCode: 0, outputTail: [] }, exchanges: [], findings: [], rules: ['client.message.lost'] },
      {
        name: 'streaming.retry-503',
        title: 'A 503 is retried',
        description: `The server answers 503 once ${MARKUP}`,
        status: 'fail',
        command,
        exchanges: [{ index: 0, atMs: 0, durationMs: 5, method: 'POST', path: '/collection/batch/inlet-1', status: 503, call: 'streaming', requestBytes: 100, fault: '503' }],
        findings: [
          { ruleId: 'client.retry.missing', severity: 'error', message: `the request was not retried ${MARKUP}`, scenario: 'streaming.retry-503', exchanges: [0], docs: 'https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/streaming/troubleshooting' },
          { ruleId: 'client.retry.too-fast', severity: 'warn', message: 'waited 0 ms', scenario: 'streaming.retry-503', exchanges: [0], docs: 'https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/streaming/troubleshooting' },
        ],
        rules: ['client.retry.missing'],
      },
      { name: 'batch.small', title: 'A small batch', description: 'create, upload, complete', status: 'not-exercised', notExercised: 'no batch was created', command: { ...command, exitCode: 0 }, exchanges: [], findings: [], rules: [] },
    ],
    rules: [],
    totals: { scenarios: 3, pass: 1, fail: 1, notExercised: 1, findings: { error: 1, warn: 1, info: 0 }, exchanges: 1 },
  };
}
