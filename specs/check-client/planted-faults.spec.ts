/**
 * Each fault real clients have, planted one at a time in an otherwise documented client
 * (`clients/planted.mjs`), is caught by the client rule that names it and by no other; the same client
 * without a fault passes every scenario. Two faults are two mistakes at once, and say so: three attempts
 * with a fixed wait both gives up too soon and does not back off; resending a whole request after a
 * partial 207 both doubles the accepted messages and resends the rejected ones unchanged.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkClient, type ScenarioName } from '../../src/conformance/client/index.js';
import type { ClientReport } from '../../src/report/client/model.js';

const CLIENT = join(import.meta.dirname, 'clients/planted.mjs');

function run(fault: string, scenarios: ScenarioName[]): Promise<ClientReport> {
  return checkClient({ command: [process.execPath, CLIENT, fault], scenarios, timeoutSeconds: 30 });
}

const rulesOf = (report: ClientReport) => [...new Set(report.scenarios.flatMap((s) => s.findings.map((f) => f.ruleId)))].sort();

interface Planted {
  fault: string;
  scenarios: ScenarioName[];
  caughtBy: string[];
}

const PLANTED: Planted[] = [
  { fault: 'no-retry', scenarios: ['streaming.unavailable'], caughtBy: ['client.retry.too-few'] },
  { fault: 'fixed-short-wait', scenarios: ['streaming.unavailable'], caughtBy: ['client.retry.no-backoff', 'client.retry.too-few'] },
  { fault: 'no-backoff', scenarios: ['streaming.unavailable'], caughtBy: ['client.retry.no-backoff'] },
  { fault: 'ignore-retry-after', scenarios: ['streaming.unavailable-retry-after', 'streaming.throttled'], caughtBy: ['client.retry.retry-after-ignored'] },
  { fault: 'retry-auth', scenarios: ['streaming.unauthorized'], caughtBy: ['client.auth.retried'] },
  { fault: 'resend-all', scenarios: ['streaming.partial-failure'], caughtBy: ['client.message.duplicate', 'client.message.rejected-resent'] },
  { fault: 'resend-rejected', scenarios: ['streaming.partial-failure'], caughtBy: ['client.message.rejected-resent'] },
  { fault: 'oversize', scenarios: ['streaming.happy'], caughtBy: ['client.request.too-large'] },
  { fault: 'utf16-length', scenarios: ['streaming.happy'], caughtBy: ['client.request.too-large'] },
  { fault: 'no-complete', scenarios: ['batch.happy'], caughtBy: ['trace.client.complete-missing'] },
  { fault: 'complete-once', scenarios: ['batch.complete-slow'], caughtBy: ['trace.client.complete-missing'] },
  { fault: 'upload-after-complete', scenarios: ['batch.happy'], caughtBy: ['trace.client.upload-after-close'] },
  { fault: 'skip-failed-output', scenarios: ['batch.failed'], caughtBy: ['client.batch.failed-output-unread'] },
  { fault: 'retrigger', scenarios: ['campaign.in-progress'], caughtBy: ['client.campaign.retriggered'] },
  { fault: 'send-nothing', scenarios: ['streaming.happy', 'batch.happy', 'campaign.in-progress'], caughtBy: ['client.scenario.not-exercised'] },
];

describe('check-client: a planted fault is caught by the rule that names it, and by no other', () => {
  for (const planted of PLANTED) {
    it(`${planted.fault} (${planted.scenarios.join(', ')})`, { timeout: 120_000 }, async () => {
      const report = await run(planted.fault, planted.scenarios);
      expect(rulesOf(report)).toEqual([...planted.caughtBy].sort());
      for (const scenario of report.scenarios) {
        expect(scenario.status).not.toBe('pass');
        // Every finding cites its evidence: the exchanges, unless it is about their absence.
        for (const f of scenario.findings) {
          if (f.ruleId !== 'client.scenario.not-exercised') expect(f.exchanges.length).toBeGreaterThan(0);
          expect(f.docs).toMatch(/^https:\/\//);
        }
      }
      expect(report.totals.pass).toBe(0);
    });
  }

  it('a client that sends nothing is not exercised in every scenario, said plainly, and never passes', { timeout: 120_000 }, async () => {
    const report = await run('send-nothing', ['streaming.partial-failure', 'batch.failed']);
    expect(report.scenarios.map((s) => s.status)).toEqual(['not-exercised', 'not-exercised']);
    expect(report.scenarios[0]!.notExercised).toMatch(/no request to the streaming endpoint/);
    expect(report.scenarios[1]!.notExercised).toMatch(/created no batch/);
  });
});

describe('check-client: the same client without a fault', () => {
  it('passes every scenario with no finding', { timeout: 180_000 }, async () => {
    const report = await run('none', []);
    expect(report.scenarios.map((s) => s.name)).toEqual([
      'streaming.happy',
      'streaming.partial-failure',
      'streaming.unavailable',
      'streaming.unavailable-retry-after',
      'streaming.throttled',
      'streaming.unauthorized',
      'batch.happy',
      'batch.failed',
      'batch.complete-slow',
      'campaign.in-progress',
    ]);
    for (const s of report.scenarios) expect({ scenario: s.name, status: s.status, findings: s.findings }).toEqual({ scenario: s.name, status: 'pass', findings: [] });
    const happy = report.scenarios[0]!;
    // 1.3 MB of messages cannot go in one request: the client packed them, and every one was accepted.
    expect(happy.exchanges.length).toBeGreaterThanOrEqual(2);
    expect(happy.exchanges.every((e) => e.requestBytes <= 1_000_000)).toBe(true);
    const unavailable = report.scenarios[2]!;
    expect(unavailable.exchanges.map((e) => e.status)).toEqual([503, 503, 503, 207]);
  });
});
