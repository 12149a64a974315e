/**
 * A configuration file that does not hold is refused before anything runs (exit 2), every problem at
 * once, each with file:line:column and the field: unknown keys with the valid ones and the nearest,
 * values of the wrong type, unknown rule ids (ids under a registered prefix are accepted), bad globs.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, isKnownRuleId, parseConfig } from '../../src/config/index.js';
import { MIXED, run, tree } from './helpers.js';

/** The located messages of a configuration text that does not load. */
function problems(text: string, name = 'aep-harness.config.yaml'): string[] {
  try {
    parseConfig(text, { file: `/project/${name}`, shown: name, cwd: '/project' });
  } catch (error) {
    if (error instanceof ConfigError) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error('the configuration loaded');
}

describe('unknown keys: the valid ones and the nearest', () => {
  it('at the top, at the key', () => {
    expect(problems('profile: strict\nfromats: [json]\n')).toEqual([
      'aep-harness.config.yaml:2:1: fromats: unknown key "fromats"; expected one of: $schema, world, profile, formats, outDir, failOn, rules, overrides, ignores (did you mean "formats"?)',
    ]);
  });

  it('in an overrides or ignores entry; no suggestion when nothing is near', () => {
    expect(
      problems('overrides:\n  - files: a/**\n    rule: { streaming.body.missing: warn }\nignores:\n  - rule: streaming.body.missing\n    why: legacy\n    reason: old\n'),
    ).toEqual([
      'aep-harness.config.yaml:2:5: overrides[0]: missing key "rules" (required: files, rules)',
      'aep-harness.config.yaml:3:5: overrides[0].rule: unknown key "rule"; expected one of: files, rules (did you mean "rules"?)',
      'aep-harness.config.yaml:6:5: ignores[0].why: unknown key "why"; expected one of: rule, files, pointer, reason',
    ]);
  });

  it('a misspelt value of a closed set says the valid ones and the nearest', () => {
    expect(problems('profile: strcit\nfailOn: eror\n')).toEqual([
      'aep-harness.config.yaml:1:10: profile: must be one of: docs, openapi, strict; got the string "strcit" (did you mean "strict"?)',
      'aep-harness.config.yaml:2:9: failOn: must be one of: error, warn, info; got the string "eror" (did you mean "error"?)',
    ]);
  });

  it('a command that writes no formats, in the formats mapping', () => {
    expect(problems('formats:\n  prelfight: [json]\n')).toEqual([
      'aep-harness.config.yaml:2:3: formats.prelfight: "prelfight" is not a command that writes formats; expected one of: preflight, check-trace, replay, verify, record, check-client (did you mean "preflight"?)',
    ]);
  });
});

describe('rule ids', () => {
  it('an unknown id is refused with the nearest known one, wherever a rule is named', () => {
    expect(
      problems(
        'rules:\n  streaming.header.ims-org-mismach: "off"\noverrides:\n  - files: x\n    rules: { trace.client.pol-too-fast: info }\nignores:\n  - rule: streaming.entity.xdm-invalud\n    reason: r\n',
      ),
    ).toEqual([
      'aep-harness.config.yaml:2:3: rules["streaming.header.ims-org-mismach"]: "streaming.header.ims-org-mismach" is not a rule id of the harness (did you mean "streaming.header.ims-org-mismatch"?); aep-harness rules lists them',
      'aep-harness.config.yaml:5:14: overrides[0].rules["trace.client.pol-too-fast"]: "trace.client.pol-too-fast" is not a rule id of the harness (did you mean "trace.client.poll-too-fast"?); aep-harness rules lists them',
      'aep-harness.config.yaml:7:11: ignores[0].rule: "streaming.entity.xdm-invalud" is not a rule id of the harness (did you mean "streaming.entity.xdm-invalid"?); aep-harness rules lists them',
    ]);
  });

  it("check-client's rule ids are known; a mistyped one is refused with the nearest", () => {
    expect(isKnownRuleId('client.retry.no-backoff')).toBe(true);
    expect(isKnownRuleId('client.')).toBe(false);
    expect(() => parseConfig('rules:\n  client.retry.no-backoff: warn\nignores:\n  - { rule: client.auth.retried, reason: r }\n', { file: '/p/c.yaml', shown: 'c.yaml', cwd: '/p' })).not.toThrow();
    expect(problems('rules:\n  client.retry.no-backof: warn\n')[0]).toContain('(did you mean "client.retry.no-backoff"?)');
    expect(problems('rules:\n  clients.retry: warn\n')[0]).toContain('"clients.retry" is not a rule id of the harness');
  });

  it('a setting that is not a severity or off', () => {
    expect(problems('rules:\n  streaming.body.missing: warning\n')).toEqual([
      'aep-harness.config.yaml:2:27: rules["streaming.body.missing"]: must be one of: error, warn, info, off; got the string "warning" (did you mean "warn"?)',
    ]);
  });
});

describe('bad types, by line and column', () => {
  it('every problem of the file at once, in file order', () => {
    expect(problems(['world: 12', 'formats: json', 'rules: [streaming.body.missing]', 'overrides:', '  files: a', 'ignores:', '  - rule: streaming.body.missing', '    pointer: messages/3', '    reason: r', ''].join('\n'))).toEqual([
      'aep-harness.config.yaml:1:8: world: must be a string, got number 12 (quote it to make it a string)',
      'aep-harness.config.yaml:2:10: formats: must be a list or a mapping, got the string "json"',
      'aep-harness.config.yaml:3:8: rules: must be a mapping, got a list',
      'aep-harness.config.yaml:5:3: overrides: must be a list, got a mapping',
      'aep-harness.config.yaml:8:14: ignores[0].pointer: must be a JSON pointer, "" or starting with /; got the string "messages/3"',
    ]);
  });

  it('a file that is not a mapping, and YAML that does not parse', () => {
    expect(problems('- profile: strict\n')).toEqual(['aep-harness.config.yaml:1:1: must be a mapping, got a list']);
    expect(problems('profile: [strict\n')[0]).toMatch(/^aep-harness\.config\.yaml:\d+:\d+: YAML syntax error: /);
    expect(problems('profile: strict\nprofile: docs\n')[0]).toMatch(/^aep-harness\.config\.yaml:2:1: YAML syntax error: Map keys must be unique/);
  });

  it('JSON files are located the same way', () => {
    expect(problems('{\n  "profile": "docs",\n  "failOn": true\n}\n', 'aep-harness.config.json')).toEqual([
      'aep-harness.config.json:3:13: failOn: must be one of: error, warn, info; got boolean true',
    ]);
  });

  it('a glob that is not one', () => {
    expect(problems('overrides:\n  - files: ["ok/**", "bad/[abc"]\n    rules: {}\n')).toEqual([
      'aep-harness.config.yaml:2:22: overrides[0].files[1]: is not a glob: "bad/[abc" opens a [set] that does not close',
    ]);
  });

  it('an empty file is a configuration that sets nothing', () => {
    expect(() => parseConfig('', { file: '/p/aep-harness.config.yaml', shown: 'x', cwd: '/p' })).not.toThrow();
  });
});

describe('as the command says it', () => {
  it('exit 2, every problem on its own line, nothing run', async () => {
    const root = await tree({ 'aep-harness.config.yaml': 'fromats: [json]\nfailOn: 3\n', 'r.json': await MIXED() });
    const result = await run(root, 'preflight', join(root, 'r.json'));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'aep-harness: aep-harness.config.yaml:1:1: fromats: unknown key "fromats"; expected one of: $schema, world, profile, formats, outDir, failOn, rules, overrides, ignores (did you mean "formats"?)\n' +
        'aep-harness.config.yaml:2:9: failOn: must be one of: error, warn, info; got number 3\n',
    );
  });
});
