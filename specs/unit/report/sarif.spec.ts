import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../../src/report/sarif.js';
import { sarifSchemaErrors } from '../../sarif-schema.js';
import { BEARER, JWT, RULES, reportWithSecrets, sampleReport } from './fixture.js';

/**
 * Beyond the schema (specs/sarif-schema.ts), what code-scanning uploads need of this format: the schema URL,
 * a non-empty text in every message, and every artifact URI a relative reference with forward slashes.
 */
function expectValid(log: Sarif.Log): void {
  expect(sarifSchemaErrors(log)).toBeUndefined();
  expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
  for (const run of log.runs) {
    for (const result of run.results ?? []) {
      expect(result.message.text?.length).toBeGreaterThan(0);
      for (const location of result.locations ?? []) {
        const uri = location.physicalLocation?.artifactLocation?.uri;
        if (location.physicalLocation !== undefined) expect(uri).toBeDefined();
        if (uri !== undefined) {
          expect(uri).not.toContain('\\');
          expect(URL.canParse(uri, 'file:///base/')).toBe(true);
        }
      }
    }
  }
}

const cwd = '/home/dev/project';

function sarifOf(report = sampleReport(), context: { cwd?: string } = { cwd }): Sarif.Log {
  return JSON.parse(renderSarif(report, { rules: RULES, color: false, ...context })) as Sarif.Log;
}

function onlyRun(log: Sarif.Log): Sarif.Run {
  const run = log.runs[0];
  if (run === undefined) throw new Error('no run');
  return run;
}

describe('sarif format: SARIF 2.1.0 for code-scanning tools', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const log = sarifOf();
    expectValid(log);
    expect(log.runs).toHaveLength(1);
  });

  it('the schema refuses what SARIF does not define: an invented property, a level outside the enum, a message without text', () => {
    const invented = sarifOf() as unknown as { runs: { results: Record<string, unknown>[] }[] };
    invented.runs[0]!.results[0]!.severity = 'error';
    expect(sarifSchemaErrors(invented)).toMatch(/must NOT have additional properties/);
    const badLevel = sarifOf() as unknown as { runs: { results: Record<string, unknown>[] }[] };
    badLevel.runs[0]!.results[0]!.level = 'fatal';
    expect(sarifSchemaErrors(badLevel)).toMatch(/must be equal to one of the allowed values/);
    const noText = sarifOf() as unknown as { runs: { results: Record<string, unknown>[] }[] };
    noText.runs[0]!.results[0]!.message = {};
    expect(sarifSchemaErrors(noText)).toMatch(/must have required property 'text'/);
  });

  it('names the tool and lists the rules with levels mapped from severities', () => {
    const driver = onlyRun(sarifOf()).tool.driver;
    expect(driver.name).toBe('aep-ingest-harness');
    expect(driver.version).toBe('0.1.0');
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules?.[0]).toEqual({
      id: 'streaming/message-body-missing',
      name: 'streaming/message-body-missing',
      shortDescription: { text: 'Message body is missing' },
      fullDescription: { text: RULES[0]!.description },
      helpUri: RULES[0]!.docs,
      help: { text: `${RULES[0]!.description} See ${RULES[0]!.docs}` },
      defaultConfiguration: { level: 'error' },
    });
    expect(driver.rules?.map((rule) => rule.defaultConfiguration?.level)).toEqual(['error', 'warning', 'note']);
  });

  it('gives one result per finding in file and line order, with rule index, level, message and location', () => {
    const run = onlyRun(sarifOf());
    const rules = run.tool.driver.rules ?? [];
    expect(run.results?.map((result) => [result.ruleId, result.level])).toEqual([
      ['streaming/message-body-missing', 'error'],
      ['streaming/recommended-record-size', 'note'],
      ['streaming/timestamp-format', 'warning'],
    ]);
    for (const result of run.results ?? []) expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
    const warning = run.results?.[2];
    expect(warning?.message.text).toBe('xdmEntity.timestamp "yesterday" is not a date-time');
    expect(warning?.locations?.[0]).toEqual({
      physicalLocation: {
        artifactLocation: { uri: 'payloads/request.json', uriBaseId: 'SRCROOT' },
        region: { startLine: 52, startColumn: 24 },
      },
      logicalLocations: [{ fullyQualifiedName: '/messages/2/body/xdmEntity/timestamp', name: 'timestamp' }],
    });
    expect(warning?.properties).toEqual({ pointer: '/messages/2/body/xdmEntity/timestamp', messageIndex: 2 });
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///home/dev/project/' } });
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('makes artifact URIs relative to cwd with forward slashes, and encodes what a URI cannot hold', () => {
    const report = sampleReport();
    const [first, second, third] = report.files[0]!.findings;
    first!.file = '/home/dev/project/payloads/my request#1.json';
    second!.file = 'C:\\Users\\dev\\project\\payloads\\b.json';
    third!.file = '/elsewhere/c.json';
    const uris = (run: Sarif.Run) => run.results?.map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
    // Results follow the findings' file order, so the three come out sorted by the path as given.
    expect(uris(onlyRun(sarifOf(report)))).toEqual([
      'file:///elsewhere/c.json',
      'payloads/my%20request%231.json',
      'file:///C:/Users/dev/project/payloads/b.json',
    ]);
    expect(uris(onlyRun(sarifOf(report, { cwd: 'C:\\Users\\dev\\project\\' })))?.[2]).toBe('payloads/b.json');
    const relative = onlyRun(sarifOf(sampleReport(), {}));
    expect(relative.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({ uri: 'payloads/request.json' });
    expect(relative.originalUriBaseIds).toBeUndefined();
    expectValid(sarifOf(report));
  });

  it('reports an unreadable input as a tool execution notification of an unsuccessful invocation', () => {
    const invocation = onlyRun(sarifOf()).invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'payloads/broken.json: Unexpected token "}" where a value was expected' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'payloads/broken.json', uriBaseId: 'SRCROOT' },
              region: { startLine: 3, startColumn: 5 },
            },
          },
        ],
      },
    ]);
    const readable = sampleReport();
    readable.files.pop();
    expect(onlyRun(sarifOf(readable)).invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('adds a bare descriptor for a rule id the context did not list, so every ruleIndex resolves', () => {
    const report = sampleReport();
    report.files[0]!.findings[0]!.ruleId = 'streaming/unlisted';
    const run = onlyRun(sarifOf(report));
    const result = run.results?.find((each) => each.ruleId === 'streaming/unlisted');
    expect(run.tool.driver.rules?.[result?.ruleIndex ?? -1]).toEqual({
      id: 'streaming/unlisted',
      name: 'streaming/unlisted',
      helpUri: RULES[2]!.docs,
    });
  });

  it('never contains a secret quoted in a finding', () => {
    const output = renderSarif(reportWithSecrets(), { rules: RULES, color: false });
    expect(output).not.toContain(BEARER);
    expect(output).not.toContain(JWT);
  });
});
