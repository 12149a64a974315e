import { Ajv } from 'ajv';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../../src/report/sarif.js';
import { BEARER, JWT, RULES, reportWithSecrets, sampleReport } from './fixture.js';

/**
 * The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) a consumer needs, written out here:
 * the official file is not on this machine and the project takes no new dependency for it.
 */
const message = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } };
const region = {
  type: 'object',
  properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 } },
};
const artifactLocation = {
  type: 'object',
  required: ['uri'],
  properties: { uri: { type: 'string', format: 'uri-reference-no-backslash' }, uriBaseId: { type: 'string' } },
};
const physicalLocation = {
  type: 'object',
  required: ['artifactLocation'],
  properties: { artifactLocation, region },
};
const level = { enum: ['none', 'note', 'warning', 'error'] };
const sarifSubset = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { const: 'https://json.schemastore.org/sarif-2.1.0.json' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: { type: 'string', minLength: 1 },
                  informationUri: { type: 'string', format: 'uri' },
                  version: { type: 'string' },
                  rules: {
                    type: 'array',
                    uniqueItems: true,
                    items: {
                      type: 'object',
                      required: ['id'],
                      properties: {
                        id: { type: 'string' },
                        shortDescription: message,
                        fullDescription: message,
                        helpUri: { type: 'string', format: 'uri' },
                        defaultConfiguration: { type: 'object', properties: { level } },
                      },
                    },
                  },
                },
              },
            },
          },
          invocations: {
            type: 'array',
            items: {
              type: 'object',
              required: ['executionSuccessful'],
              properties: {
                executionSuccessful: { type: 'boolean' },
                toolExecutionNotifications: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['message'],
                    properties: { message, level, locations: { type: 'array', items: { type: 'object', properties: { physicalLocation } } } },
                  },
                },
              },
            },
          },
          columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['message'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: -1 },
                level,
                message,
                locations: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      physicalLocation,
                      logicalLocations: {
                        type: 'array',
                        items: { type: 'object', properties: { fullyQualifiedName: { type: 'string' }, name: { type: 'string' } } },
                      },
                    },
                  },
                },
                properties: { type: 'object' },
              },
            },
          },
        },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addFormat('uri', (value: string) => URL.canParse(value));
// SARIF: "uri-reference"; a relative reference must resolve and must not use Windows separators.
ajv.addFormat('uri-reference-no-backslash', (value: string) => !value.includes('\\') && URL.canParse(value, 'file:///base/'));
const validate = ajv.compile(sarifSubset);

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
  it('validates against the SARIF 2.1.0 subset schema', () => {
    const log = sarifOf();
    expect(validate(log), ajv.errorsText(validate.errors)).toBe(true);
    expect(log.runs).toHaveLength(1);
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
    expect(validate(sarifOf(report)), ajv.errorsText(validate.errors)).toBe(true);
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
