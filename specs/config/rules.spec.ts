/**
 * Severities per rule (`rules`), per file (`overrides`, later entries winning) and `off`; findings
 * dropped by `ignores`, counted in the summary, and an ignore refused without a reason. The same settings
 * through the library call other commands (check-client) use: `applyConfig`.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyConfig, parseConfig, ruleSettingFor } from '../../src/config/index.js';
import { json, MIXED, neverCompleted, oneWarning, run, tree } from './helpers.js';

// web-events-mixed.json: message 1 createdAt in seconds (warn), message 3 org mismatch, message 4 schema
// mismatch, message 5 four XDM violations (errors).
const severities = (result: Awaited<ReturnType<typeof run>>) => json(result).files.flatMap((f) => f.findings.map((x) => `${x.ruleId} ${x.severity}`));

describe('rules: a severity per rule id, or off', () => {
  it('a severity replaces the rule\'s own, in the report and for --fail-on', async () => {
    const root = await tree({
      'aep-harness.config.yaml': 'formats: [json]\nrules:\n  streaming.header.created-at-invalid: error\n  streaming.dataset.schema-mismatch: info\n',
      'r.json': await MIXED(),
    });
    const result = await run(root, 'preflight', join(root, 'r.json'));
    expect(severities(result)).toContain('streaming.header.created-at-invalid error');
    expect(severities(result)).toContain('streaming.dataset.schema-mismatch info');
    expect(json(result).summary.findings).toEqual({ error: 6, warn: 0, info: 1 });
  });

  it('off drops the rule\'s findings, but not the predicted answer', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'formats: [json]\nrules:\n  streaming.header.ims-org-mismatch: off\n', 'r.json': await MIXED() });
    const result = await run(root, 'preflight', join(root, 'r.json'));
    expect(severities(result).some((s) => s.startsWith('streaming.header.ims-org-mismatch'))).toBe(false);
    expect(JSON.stringify(json(result).files[0]!.predicted)).toContain('Message has an absent or wrong ims org in the header');
    expect(json(result).summary.ignored).toBe(0);
  });

  it('a warning turned off no longer fails a run at --fail-on warn', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'failOn: warn\nrules: { streaming.header.created-at-invalid: "off" }\n', 'r.json': await oneWarning() });
    expect((await run(root, 'preflight', join(root, 'r.json'))).code).toBe(0);
  });
});

describe('overrides: severities for the files their globs match', () => {
  it('applies to the matching files only, relative to the configuration file; later entries win; an override wins over rules', async () => {
    const root = await tree({
      'aep-harness.config.yaml': [
        'formats: [json]',
        'rules:',
        '  streaming.header.created-at-invalid: info',
        'overrides:',
        '  - files: legacy/**',
        '    rules: { streaming.header.created-at-invalid: error, streaming.entity.xdm-invalid: warn }',
        '  - files: ["legacy/keep/*.json", "*.nothing"]',
        '    rules: { streaming.entity.xdm-invalid: "off" }',
        '',
      ].join('\n'),
      'current/r.json': await MIXED(),
      'legacy/old/r.json': await MIXED(),
      'legacy/keep/r.json': await MIXED(),
    });
    const result = await run(join(root, 'current'), 'preflight', join(root, 'current/r.json'), join(root, 'legacy/old/r.json'), join(root, 'legacy/keep/r.json'));
    const [current, old, keep] = json(result).files.map((f) => f.findings.map((x) => `${x.ruleId} ${x.severity}`));
    expect(current).toContain('streaming.header.created-at-invalid info');
    expect(current).toContain('streaming.entity.xdm-invalid error');
    expect(old).toContain('streaming.header.created-at-invalid error');
    expect(old).toContain('streaming.entity.xdm-invalid warn');
    expect(keep).toContain('streaming.header.created-at-invalid error');
    expect(keep!.filter((s) => s.startsWith('streaming.entity.xdm-invalid'))).toEqual([]);
  });

  it('a glob without a / matches the name in any directory', async () => {
    const config = parseConfig('overrides:\n  - files: "*.ndjson"\n    rules: { streaming.entity.record-size: info }\n', { file: '/p/aep-harness.config.yaml', shown: 'c', cwd: '/p/x' });
    expect(ruleSettingFor(config, 'streaming.entity.record-size', '/p/a/b/events.ndjson')).toBe('info');
    expect(ruleSettingFor(config, 'streaming.entity.record-size', 'events.ndjson')).toBe('info');
    expect(ruleSettingFor(config, 'streaming.entity.record-size', '/p/a/b/events.json')).toBeUndefined();
  });
});

describe('ignores: findings dropped for a reason, and counted', () => {
  it('drops the findings that match every field given (a pointer covers what is under it), and counts them in the summary', async () => {
    const root = await tree({
      'aep-harness.config.yaml': [
        'ignores:',
        '  - rule: streaming.entity.xdm-invalid',
        '    pointer: /messages/5',
        '    reason: invalid on purpose, the error-batch demo',
        '  - files: "*.json"',
        '    pointer: /messages/4/header',
        '    reason: the schema moves next release',
        '  - rule: streaming.header.ims-org-mismatch',
        '    files: elsewhere/**',
        '    reason: matches no finding here',
        '',
      ].join('\n'),
      'r.json': await MIXED(),
    });
    const asJson = await run(root, 'preflight', '--format', 'json', join(root, 'r.json'));
    expect(json(asJson).files[0]!.findings.map((f) => f.ruleId)).toEqual(['streaming.header.created-at-invalid', 'streaming.header.ims-org-mismatch']);
    expect(json(asJson).summary).toMatchObject({ ignored: 5, findings: { error: 1, warn: 1, info: 0 } });
    const asText = await run(root, 'preflight', join(root, 'r.json'));
    expect(asText.stdout).toContain('✖ 2 problems (1 error, 1 warning, 0 info) in 1 file (5 ignored by the configuration file)');
    expect(asText.code).toBe(1);
  });

  it('refuses an ignore without a reason, or with an empty one, at its line and column', async () => {
    const root = await tree({
      'aep-harness.config.yaml': 'ignores:\n  - rule: streaming.entity.xdm-invalid\n  - rule: streaming.header.ims-org-mismatch\n    reason: "  "\n',
      'r.json': await MIXED(),
    });
    const result = await run(root, 'preflight', join(root, 'r.json'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        'aep-harness: aep-harness.config.yaml:2:5: ignores[0]: missing key "reason": an ignore says why the findings it drops do not matter',
        'aep-harness.config.yaml:4:13: ignores[1].reason: must not be empty',
        '',
      ].join('\n'),
    );
  });

  it('refuses an ignore that names no rule, files or pointer: it would ignore everything', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'ignores:\n  - reason: too noisy\n', 'r.json': await MIXED() });
    const result = await run(root, 'preflight', join(root, 'r.json'));
    expect(result.stderr).toBe('aep-harness: aep-harness.config.yaml:2:5: ignores[0]: names no rule, files or pointer, so it would ignore every finding: give at least one\n');
  });

  it('check-trace: rules and ignores apply to its findings too', async () => {
    const root = await tree({
      'aep-harness.config.yaml': 'formats: [json]\nignores:\n  - rule: trace.client.complete-missing\n    files: traces/*.har\n    reason: recorded mid-upload\n',
      'traces/t.har': neverCompleted(),
      'other/t.har': neverCompleted(),
    });
    const result = await run(root, 'check-trace', join(root, 'traces/t.har'), join(root, 'other/t.har'));
    const [ignoredFile, keptFile] = json(result).files;
    expect(ignoredFile!.findings).toEqual([]);
    expect(keptFile!.findings.map((f) => f.ruleId)).toEqual(['trace.client.complete-missing']);
    expect(json(result).summary.ignored).toBe(1);

    await writeFile(join(root, 'aep-harness.config.yaml'), 'rules: { trace.client.complete-missing: warn }\n');
    expect((await run(root, 'check-trace', join(root, 'other/t.har'))).code).toBe(0);
  });
});

describe('preflight --plan: the upload plan\'s findings take the settings too', () => {
  it('a severity, and an ignore counted in the plan\'s summary line', async () => {
    const root = await tree({ 'upload/a.json': '{"a":1}\n', 'upload/empty.json': '', 'upload/also-empty.json': '' });
    await writeFile(
      join(root, 'aep-harness.config.yaml'),
      'rules: { batch.plan.file-empty: warn }\nignores:\n  - { rule: batch.plan.file-empty, files: upload/also-*.json, reason: written later by the exporter }\n',
    );
    const result = await run(root, 'preflight', '--plan', 'upload');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/warning\s+.*empty\.json.*batch\.plan\.file-empty/);
    expect(result.stdout).not.toContain('also-empty.json is empty');
    expect(result.stdout).toContain('(0 errors, 1 warning, 1 info; 1 ignored by the configuration file)');
    expect((await run(root, 'preflight', '--plan', 'upload', '--no-config')).code).toBe(1);
  });
});

describe('applyConfig: the same settings for any command\'s findings (check-client)', () => {
  const config = parseConfig(
    [
      'rules:',
      '  client.retry.no-backoff: warn',
      '  trace.client.poll-too-fast: "off"',
      'overrides:',
      '  - files: scenarios/flaky/**',
      '    rules: { client.retry.no-backoff: info }',
      'ignores:',
      '  - rule: client.auth.retried',
      '    reason: the test double never expires tokens',
      '  - pointer: /exchanges/2',
      '    reason: a known slow answer',
      '',
    ].join('\n'),
    { file: '/project/aep-harness.config.yaml', shown: 'aep-harness.config.yaml', cwd: '/project' },
  );

  it('sets severities, drops off and ignored findings, counts them per ignore, and keeps each finding\'s own fields', () => {
    const findings = [
      { ruleId: 'client.retry.no-backoff', severity: 'error' as const, file: 'scenarios/steady/a.yaml', scenario: 'steady' },
      { ruleId: 'client.retry.no-backoff', severity: 'error' as const, file: 'scenarios/flaky/b.yaml', scenario: 'flaky' },
      { ruleId: 'trace.client.poll-too-fast', severity: 'warn' as const, scenario: 'steady' },
      { ruleId: 'client.auth.retried', severity: 'error' as const, scenario: 'steady' },
      { ruleId: 'client.batch.no-complete', severity: 'error' as const, pointer: '/exchanges/2/request', scenario: 'steady' },
      { ruleId: 'client.batch.no-complete', severity: 'error' as const, pointer: '/exchanges/20', scenario: 'steady' },
    ];
    const applied = applyConfig(config, findings);
    expect(applied.findings).toEqual([
      { ruleId: 'client.retry.no-backoff', severity: 'warn', file: 'scenarios/steady/a.yaml', scenario: 'steady' },
      { ruleId: 'client.retry.no-backoff', severity: 'info', file: 'scenarios/flaky/b.yaml', scenario: 'flaky' },
      { ruleId: 'client.batch.no-complete', severity: 'error', pointer: '/exchanges/20', scenario: 'steady' },
    ]);
    expect(applied).toMatchObject({ ignored: 2, off: 1, ignoredBy: [1, 1] });
    expect(findings[0]!.severity).toBe('error');
  });
});
