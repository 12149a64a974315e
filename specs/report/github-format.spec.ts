/** The `github` format: workflow commands escaped exactly as GitHub's toolkit escapes them, pinned by exact strings. */
import { describe, expect, it } from 'vitest';
import { renderClientGithub } from '../../src/report/client/github.js';
import type { ClientReport } from '../../src/report/client/model.js';
import { renderConformanceGithub } from '../../src/report/conformance/github.js';
import type { ConformanceReport } from '../../src/report/conformance/model.js';
import { escapeData, escapeProperty } from '../../src/report/github-commands.js';
import { renderGithub } from '../../src/report/github.js';
import type { PreflightReport } from '../../src/report/model.js';

describe('escaping as @actions/core does', () => {
  it('data: %, CR and LF', () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
  });
  it('properties: also : and ,', () => {
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });
});

const tool = { name: 'aep-ingest-harness' as const, version: 'x' };

describe('pre-flight findings', () => {
  it('one command per finding, at its file (relative to the working directory), line and column, redacted', () => {
    const report: PreflightReport = {
      tool,
      profile: 'docs',
      world: 'default',
      inlet: null,
      files: [
        {
          file: '/w/dir/a,b:c.json',
          kind: 'request',
          bytes: 10,
          findingsDropped: 0,
          predicted: null,
          findings: [
            { ruleId: 'streaming.header.missing', severity: 'error', message: 'no header\nat 100%: Bearer abcdefghijklmnop1234', file: '/w/dir/a,b:c.json', pointer: '/messages/0', line: 3, column: 7, docs: 'https://x' },
            { ruleId: 'streaming.input.byte-order-mark', severity: 'warn', message: 'BOM', file: '/w/dir/a,b:c.json', pointer: '', line: 1, column: 1, docs: 'https://x' },
            { ruleId: 'streaming.header.ims-org-absent', severity: 'info', message: 'filled in', file: '/w/dir/a,b:c.json', pointer: '/messages/0/header', line: 2, column: 1, docs: 'https://x' },
          ],
        },
      ],
      summary: { files: 1, findings: { error: 1, warn: 1, info: 1 }, inputErrors: 0 },
    };
    expect(renderGithub(report, { rules: [], color: false, cwd: '/w' })).toBe(
      [
        '::error file=dir/a%2Cb%3Ac.json,line=3,col=7,title=streaming.header.missing::no header%0Aat 100%25: Bearer [REDACTED] (at /messages/0)',
        '::warning file=dir/a%2Cb%3Ac.json,line=1,col=1,title=streaming.input.byte-order-mark::BOM',
        '::notice file=dir/a%2Cb%3Ac.json,line=2,col=1,title=streaming.header.ims-org-absent::filled in (at /messages/0/header)',
        '',
      ].join('\n'),
    );
  });
});

describe('conformance and client findings have no file', () => {
  it('a failing behaviour: title names the behaviour and the fixture step', () => {
    const report = {
      tool,
      run: { command: 'replay', target: 't', profile: 'docs', startedAt: '', durationMs: 0 },
      behaviours: [
        {
          id: 'streaming.batch.status-207', api: 'streaming', title: 'Status 207', status: 'fail', checks: 1, failed: 1, sources: [],
          failures: [{ behaviour: 'streaming.batch.status-207', ok: false, subject: 'POST /x', origin: { kind: 'fixture', fixture: 'f', file: 'f.yaml', step: 0 }, expected: '207', actual: '200' }],
        },
        { id: 'streaming.auth.required', api: 'streaming', title: 'Auth', status: 'not-exercised', checks: 0, failed: 0, sources: [], failures: [] },
      ],
      totals: { behaviours: 2, pass: 0, fail: 1, notExercised: 1, checks: 1, failedChecks: 1 },
    } as unknown as ConformanceReport;
    expect(renderConformanceGithub(report)).toBe(
      '::error title=streaming.batch.status-207 (fixture f step 1)::POST /x%0Aexpected: 207%0Aactual: 200\n::notice title=streaming.auth.required::Auth: not exercised by this replay run\n',
    );
  });

  it('a client finding: title names the rule and the scenario, the message its exchanges', () => {
    const report = {
      tool,
      scenarios: [
        { name: 'streaming.unavailable', status: 'fail', exchanges: [], findings: [{ ruleId: 'client.retry.too-few', severity: 'error', message: 'gave up, Authorization: Bearer x', scenario: 'streaming.unavailable', exchanges: [0, 1, 2], docs: '' }] },
      ],
    } as unknown as ClientReport;
    expect(renderClientGithub(report)).toBe('::error title=client.retry.too-few (streaming.unavailable)::gave up, Authorization: Bearer [REDACTED] (exchanges #0–#2)\n');
  });
});
