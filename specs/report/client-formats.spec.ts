import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { CLIENT_EXTENSIONS, CLIENT_FORMAT_NAMES, isClientFormat, renderClient } from '../../src/report/client/index.js';
import { renderClientJson } from '../../src/report/client/json.js';
import { renderClientJunit } from '../../src/report/client/junit.js';
import { renderClientMarkdown } from '../../src/report/client/markdown.js';
import type { ClientReport, ScenarioResult } from '../../src/report/client/model.js';
import { renderClientSarif, sarifRuleName } from '../../src/report/client/sarif.js';
import { renderClientText } from '../../src/report/client/text.js';
import { sarifSchemaErrors } from '../sarif-schema.js';
import { parseWellFormedXml, type XmlElement } from '../unit/report/xml-well-formed.js';

/**
 * The formats of `check-client`, each rendered from one hand-built `ClientReport`: a scenario that passes,
 * one that fails with an error and a warning about listed exchanges, one the traffic never exercised. The
 * failing scenario's command printed its credentials, markup and a documented path with `<batchId>`.
 */

const SHORT_TOKEN = 'abc.def.ghi';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlMTIzNDU2';
const API_KEY = 'k3y-0f-the-client-1234';
const SECRETS = [SHORT_TOKEN, JWT, API_KEY];
const LONG_ID = `batch-${'0123456789abcdef'.repeat(7)}`;

const DOCS = 'https://experienceleague.adobe.com/en/docs/experience-platform/ingestion/tutorials/streaming-multiple-messages';

const exchange = (index: number, status: number, fault?: string) => ({
  index,
  atMs: index * 120,
  durationMs: 15,
  method: 'POST',
  path: '/collection/batch/inlet-1',
  status,
  call: 'streaming',
  requestBytes: 2048,
  messages: { sent: 3, accepted: status === 207 ? 3 : 0, rejected: 0 },
  ...(fault !== undefined ? { fault } : {}),
});

/** 25 lines: more than the text shows (10) and than Markdown keeps (20). */
const outputTail = [
  ...Array.from({ length: 14 }, (_, i) => `early line ${i + 1}`),
  `GET /data/foundation/import/batches/<batchId>/datasets`,
  `Authorization: Bearer ${SHORT_TOKEN}`,
  `x-api-key: ${API_KEY}`,
  `retrying with token ${JWT}`,
  '<script>alert(1)</script>',
  'a fence in the output: ```` and ` and ``',
  '\x1b[31mred from the client\x1b[0m',
  `a long line of output: ${'lorem ipsum dolor sit amet '.repeat(6)}`,
  'Error: gave up after 1 retry',
  '    at send (client.mjs:42:11)',
  'exit 1',
];

const pass: ScenarioResult = {
  name: 'streaming.happy',
  title: 'Every message is accepted',
  description: 'The server accepts every message; the client sends them once.',
  status: 'pass',
  command: { exitCode: 0, signal: null, timedOut: false, durationMs: 812, outputTail: ['sent 3 messages'] },
  exchanges: [exchange(0, 207)],
  findings: [],
  rules: ['client.scenario.not-exercised', 'client.retry.too-few', 'client.retry.no-backoff'],
};

const fail: ScenarioResult = {
  name: 'streaming.unavailable',
  title: 'The streaming endpoint answers 503 for a while',
  description: 'The first answers are 503; the client must retry with back-off.',
  status: 'fail',
  command: { exitCode: 1, signal: null, timedOut: false, durationMs: 2417, outputTail },
  exchanges: [0, 1, 2, 3, 4].map((i) => exchange(i, i < 4 ? 503 : 207, i < 4 ? 'unavailable' : undefined)),
  findings: [
    {
      ruleId: 'client.retry.too-few',
      severity: 'error',
      message: `#3 was answered 503 and the client gave up after 1 retry of batch ${LONG_ID} at /batches/<batchId>/datasets; the documented obligation is to retry a 503 at least 3 times, waiting longer each time, before reporting the messages as lost (Authorization: Bearer ${SHORT_TOKEN}).`,
      scenario: 'streaming.unavailable',
      exchanges: [3, 4],
      docs: DOCS,
    },
    {
      ruleId: 'client.retry.no-backoff',
      severity: 'warn',
      message: 'the waits between #1, #2 and #3 were 20 ms, 20 ms: not growing (*no* back-off, `_id` kept).',
      scenario: 'streaming.unavailable',
      exchanges: [1, 2, 3],
      docs: DOCS,
    },
  ],
  rules: ['client.scenario.not-exercised', 'client.retry.too-few', 'client.retry.no-backoff'],
};

const notExercised: ScenarioResult = {
  name: 'batch.happy',
  title: 'A batch is created, uploaded, completed and polled',
  description: 'The client must create a batch, upload its file and complete it.',
  status: 'not-exercised',
  notExercised: 'the client created no batch',
  command: { exitCode: null, signal: 'SIGTERM', timedOut: true, durationMs: 30_000, outputTail: ['waiting…'] },
  exchanges: [],
  findings: [
    {
      ruleId: 'client.scenario.not-exercised',
      severity: 'error',
      message: 'not exercised: the client created no batch.',
      scenario: 'batch.happy',
      exchanges: [],
      docs: DOCS,
    },
  ],
  rules: ['client.scenario.not-exercised', 'trace.client.poll-too-fast', 'client.batch.complete-early'],
};

const rule = (id: string, title: string, defaultSeverity: 'error' | 'warn' | 'info' = 'error') => ({
  id,
  title,
  description: `${title}: the documented obligation, in plain words.`,
  defaultSeverity,
  docs: DOCS,
});

function sampleReport(failOn: 'error' | 'warn' = 'error'): ClientReport {
  return {
    tool: { name: 'aep-ingest-harness', version: '0.1.0' },
    run: {
      command: ['node', 'client.mjs', `--token=Bearer ${SHORT_TOKEN}`],
      world: 'world.yaml',
      profile: 'docs',
      failOn,
      startedAt: '2026-12-01T10:00:00.000Z',
      durationMs: 33_229,
      timeoutSeconds: 30,
    },
    scenarios: [pass, fail, notExercised],
    rules: [
      rule('client.scenario.not-exercised', "The client's traffic never exercised the scenario"),
      rule('client.retry.too-few', 'The client gives up on a retryable answer too soon'),
      rule('client.retry.no-backoff', 'The client retries without exponential back-off', 'warn'),
      rule('trace.client.poll-too-fast', 'The client polls a batch faster than documented', 'warn'),
      rule('client.batch.complete-early', 'The client completes a batch before its uploads succeeded'),
    ],
    totals: { scenarios: 3, pass: 1, fail: 1, notExercised: 1, findings: { error: 2, warn: 1, info: 0 }, exchanges: 6 },
  };
}

const report = sampleReport();

describe('client formats: the registry', () => {
  it('names every format with its file extension and renders each', () => {
    expect(CLIENT_FORMAT_NAMES).toEqual(['text', 'json', 'junit', 'markdown', 'sarif', 'github', 'ndjson', 'html']);
    expect(CLIENT_EXTENSIONS).toEqual({ text: 'txt', json: 'json', junit: 'xml', markdown: 'md', sarif: 'sarif', html: 'html', github: 'github.txt', ndjson: 'ndjson' });
    expect(isClientFormat('sarif')).toBe(true);
    expect(isClientFormat('pdf')).toBe(false);
    expect(renderClient('text', report, { color: false })).toBe(renderClientText(report, { color: false }));
    expect(renderClient('junit', report, { color: true })).toBe(renderClientJunit(report));
  });

  for (const format of CLIENT_FORMAT_NAMES) {
    it(`${format}: no secret reaches the output, and the model is not changed`, () => {
      const before = JSON.stringify(report);
      const out = renderClient(format, report, { color: format === 'text' });
      for (const secret of SECRETS) expect(out).not.toContain(secret);
      expect(out).toContain('[REDACTED]');
      expect(JSON.stringify(report)).toBe(before);
    });
  }
});

describe('client formats: json', () => {
  const out = renderClientJson(report);

  it('is the model, 2-space indented with a trailing newline, redacted', () => {
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')[1]).toMatch(/^ {2}"tool"/);
    const parsed = JSON.parse(out) as ClientReport;
    expect(parsed.scenarios.map((s) => [s.name, s.status])).toEqual([
      ['streaming.happy', 'pass'],
      ['streaming.unavailable', 'fail'],
      ['batch.happy', 'not-exercised'],
    ]);
    expect(parsed.scenarios[1]!.findings.map((f) => f.exchanges)).toEqual([[3, 4], [1, 2, 3]]);
    expect(parsed.scenarios[1]!.command.outputTail).toContain('Authorization: Bearer [REDACTED]');
    expect(parsed.totals).toEqual(report.totals);
    // Only the secrets differ from the model.
    const scrub = (s: string) => SECRETS.reduce((t, secret) => t.split(secret).join('[REDACTED]'), s);
    expect(out).toBe(`${scrub(JSON.stringify(report, null, 2))}\n`);
  });
});

describe('client formats: text', () => {
  const out = renderClientText(report, { color: false });
  const lines = out.trimEnd().split('\n');

  it('has a line per scenario: its glyph, name, exchanges and how its command ended', () => {
    expect(lines).toContain('✔ streaming.happy  1 exchange, exit 0');
    expect(lines).toContain('✖ streaming.unavailable  5 exchanges, exit 1');
    expect(lines).toContain('○ batch.happy  not exercised; 0 exchanges, timed out after 30s');
  });

  it('lists the failing scenario\'s findings: severity, rule id, message and exchanges', () => {
    expect(out).toMatch(/^ {4}error client\.retry\.too-few {2}#3 was answered 503/m);
    expect(out).toMatch(/^ {4}warn client\.retry\.no-backoff {2}the waits/m);
    expect(out.replace(/\n +/g, ' ')).toContain('(exchanges #3, #4)');
    expect(out.replace(/\n +/g, ' ')).toContain('(exchanges #1–#3)');
    expect(out).toMatch(/^ {4}error client\.scenario\.not-exercised {2}not exercised: the client created no batch\.$/m);
  });

  it('shows the last 10 lines of a failing command\'s output, indented, and none of a passing one', () => {
    expect(out).toContain('    the command printed (last 10 of 25 lines kept):');
    expect(out).toContain('      exit 1');
    expect(out).toContain('      Authorization: Bearer [REDACTED]');
    expect(out).not.toContain('early line');
    expect(out).not.toContain('<batchId>/datasets\n'); // line 15 of 25: not among the last 10
    expect(out).not.toContain('sent 3 messages');
    expect(out).toContain('      waiting…'); // the not-exercised scenario failed too
  });

  it('closes with the totals', () => {
    expect(lines.at(-1)).toBe('✖ 2 of 3 scenarios failed (1 not exercised); 2 errors, 1 warning; 6 exchanges in 33.2s');
    expect(lines.at(-2)).toBe('');
  });

  it('fits a 100-column terminal: long messages and output wrap, only an id longer than a line stands out', () => {
    const long = lines.filter((l) => Array.from(l).length > 100);
    for (const l of long) expect(l.trim()).toBe(LONG_ID);
    expect(out).toContain(`\n        ${LONG_ID}\n`);
    // Continuation lines sit under their finding, deeper than the finding lines.
    const i = lines.findIndex((l) => l.startsWith('    error client.retry.too-few'));
    expect(lines[i + 1]).toMatch(/^ {8}\S/);
    // Nothing is padded to the longest message.
    for (const l of lines) expect(l).not.toMatch(/\S {3,}\S/);
  });

  it('has no colour codes without colour, even when the client printed some; colours with it', () => {
    expect(out).not.toContain('\x1b');
    expect(out).toContain('      red from the client');
    const coloured = renderClientText(report, { color: true });
    expect(coloured).toContain('\x1b[');
    // eslint-disable-next-line no-control-regex -- removing the colour is the point
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(out);
  });

  it('says when every scenario passed', () => {
    const ok = { ...report, scenarios: [pass], totals: { ...report.totals, scenarios: 1, fail: 0, notExercised: 0, findings: { error: 0, warn: 0, info: 0 }, exchanges: 1 } };
    expect(renderClientText(ok, { color: false }).trimEnd().split('\n').at(-1)).toBe('✔ the scenario passed; no findings; 1 exchange in 33.2s');
  });
});

describe('client formats: junit', () => {
  const root = parseWellFormedXml(renderClientJunit(report));
  const suites = root.children;
  const suite = (name: string) => suites.find((s) => s.attributes.name === `check-client.${name}`)!;
  const testcase = (s: XmlElement, name: string) => s.children.find((c) => c.name === 'testcase' && c.attributes.name?.startsWith(name))!;
  const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);

  it('is well-formed: a suite per scenario, a case per rule that judged it, plain classnames', () => {
    expect(root.name).toBe('testsuites');
    expect(suites.map((s) => s.attributes.name)).toEqual(['check-client.streaming.happy', 'check-client.streaming.unavailable', 'check-client.batch.happy']);
    for (const s of suites) {
      const cases = s.children.filter((c) => c.name === 'testcase');
      expect(Number(s.attributes.tests)).toBe(cases.length);
      expect(Number(s.attributes.failures)).toBe(cases.filter((c) => child(c, 'failure')).length);
      for (const c of cases) expect(c.attributes.classname).toBe(s.attributes.name!.replace(/^check-client\./, ''));
    }
    expect(suite('streaming.happy').children.filter((c) => c.name === 'testcase').map((c) => c.attributes.name)).toEqual([
      'exercised',
      'client.retry.too-few: The client gives up on a retryable answer too soon',
      'client.retry.no-backoff: The client retries without exponential back-off',
    ]);
  });

  it('fails a rule with a finding at or above fail-on; a finding below it goes to system-out', () => {
    const unavailable = suite('streaming.unavailable');
    const tooFew = testcase(unavailable, 'client.retry.too-few');
    const failure = child(tooFew, 'failure')!;
    expect(failure.attributes.type).toBe('client.retry.too-few');
    expect(failure.attributes.message).toMatch(/^#3 was answered 503 .*\/batches\/<batchId>\/datasets.*Bearer \[REDACTED\]\)\.$/);
    expect(failure.text).toMatch(/^error client\.retry\.too-few: #3 was answered .* \(exchanges #3, #4\)$/);
    const noBackoff = testcase(unavailable, 'client.retry.no-backoff');
    expect(child(noBackoff, 'failure')).toBeUndefined();
    expect(child(noBackoff, 'system-out')!.text).toMatch(/^warn client\.retry\.no-backoff: .* \(exchanges #1–#3\)$/);
    expect(child(testcase(unavailable, 'exercised'), 'failure')).toBeUndefined();
    // The suite's output: the command and the end of what it printed, redacted.
    const out = unavailable.children.filter((c) => c.name === 'system-out').at(-1)!.text;
    expect(out).toContain('<script>alert(1)</script>');
    expect(out).toContain('Authorization: Bearer [REDACTED]');
    expect(out).toContain('\nred from the client\n'); // the client's colour codes removed, not left half
  });

  it('fails a warning too under fail-on warn', () => {
    const strict = parseWellFormedXml(renderClientJunit(sampleReport('warn')));
    const unavailable = strict.children.find((s) => s.attributes.name === 'check-client.streaming.unavailable')!;
    expect(child(testcase(unavailable, 'client.retry.no-backoff'), 'failure')?.attributes.type).toBe('client.retry.no-backoff');
    expect(unavailable.attributes.failures).toBe('2');
  });

  it('fails the one case "exercised" of a scenario the traffic never exercised (not a skip)', () => {
    const batch = suite('batch.happy');
    const cases = batch.children.filter((c) => c.name === 'testcase');
    expect(cases.map((c) => c.attributes.name)).toEqual(['exercised']);
    expect(child(cases[0]!, 'skipped')).toBeUndefined();
    expect(child(cases[0]!, 'failure')!.attributes).toMatchObject({ type: 'client.scenario.not-exercised', message: 'not exercised: the client created no batch' });
    expect(batch.attributes).toMatchObject({ tests: '1', failures: '1', skipped: '0' });
  });

  it('totals the run on the root', () => {
    expect(root.attributes).toMatchObject({ tests: '7', failures: '2', time: '33.229' });
  });
});

describe('client formats: markdown', () => {
  const out = renderClientMarkdown(report);
  /** The Markdown outside fenced blocks and code spans: where a `<` would be markup. */
  const prose = out.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`]*?\1/g, '');

  it('has a summary table: scenario, status, findings, exchanges', () => {
    expect(out).toContain('| scenario | status | findings | exchanges | command |');
    expect(out).toContain('| `streaming.happy` | ✅ pass | — | 1 | exit 0 |');
    expect(out).toContain('| `streaming.unavailable` | ❌ fail | 1 error, 1 warning | 5 | exit 1 |');
    expect(out).toContain('| `batch.happy` | ⚠️ not exercised | 1 error | 0 | timed out after 30s |');
  });

  it('lists the findings of each failing scenario with their exchanges', () => {
    expect(out).toContain('### `streaming.unavailable`: The streaming endpoint answers 503 for a while');
    expect(out).toMatch(/^- \*\*error\*\* `client\.retry\.too-few`: `#3` was answered 503 .* \(exchanges `#3`, `#4`\) \(\[docs\]\(https:\/\/experienceleague/m);
    expect(out).toMatch(/^- \*\*warn\*\* `client\.retry\.no-backoff`: .*\\\*no\\\* back-off, \\`\\_id\\` kept.* \(exchanges `#1`–`#3`\)/m);
    // No bare `#<digits>` outside code: GitHub would link it to an issue.
    expect(prose).not.toMatch(/#\d/);
    expect(out).toContain('### `batch.happy`');
    expect(out).not.toContain('### `streaming.happy`');
  });

  it('escapes the run\'s text: <batchId> reads as written, a <script> never renders', () => {
    expect(out).toContain('/batches/&lt;batchId&gt;/datasets');
    expect(prose).not.toMatch(/<(?!\/?(?:details|summary)>)/);
    expect(prose).not.toContain('<script>');
  });

  it('puts the last 20 lines of the output in a fence longer than any backtick run inside', () => {
    const block = /^(`{3,})text\n([\s\S]*?)\n\1$/m.exec(out);
    expect(block).not.toBeNull();
    expect(block![1]).toBe('`````');
    const body = block![2]!.split('\n');
    expect(body).toHaveLength(20);
    expect(body[0]).toBe('early line 6');
    expect(body).toContain('<script>alert(1)</script>');
    expect(body).toContain('GET /data/foundation/import/batches/<batchId>/datasets');
    expect(body).toContain('red from the client');
  });
});

describe('client formats: sarif', () => {
  const log = JSON.parse(renderClientSarif(report)) as Sarif.Log;
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules ?? [];


  it('validates against the SARIF 2.1.0 schema', () => {
    expect(sarifSchemaErrors(log)).toBeUndefined();
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('names the driver and the automation run', () => {
    expect(run.tool.driver).toMatchObject({ name: 'aep-harness check-client', version: '0.1.0' });
    expect(run.automationDetails?.id).toBe('check-client/2026-12-01T10:00:00.000Z');
  });

  it('declares every rule of the report, with a name that is not its id', () => {
    expect(rules.map((r) => r.id)).toEqual(report.rules.map((r) => r.id));
    for (const r of rules) {
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(r.name).not.toBe(r.id);
      expect(r.helpUri).toBe(DOCS);
    }
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
    expect(rules.find((r) => r.id === 'client.retry.no-backoff')).toMatchObject({
      name: 'ClientRetriesWithoutExponentialBackOff',
      shortDescription: { text: 'The client retries without exponential back-off' },
      defaultConfiguration: { level: 'warning' },
    });
    expect(sarifRuleName("The client's traffic never exercised the scenario", 'client.scenario.not-exercised')).toBe('ClientsTrafficNeverExercisedTheScenario');
    expect(sarifRuleName('', 'client.retry.too-few')).toBe('ClientRetryTooFew');
  });

  it('has a result per finding, its rule declared, its exchanges as logical locations', () => {
    const results = run.results ?? [];
    expect(results).toHaveLength(3);
    for (const r of results) {
      expect(rules[r.ruleIndex!]?.id).toBe(r.ruleId);
    }
    expect(results[0]).toMatchObject({
      ruleId: 'client.retry.too-few',
      level: 'error',
      properties: { scenario: 'streaming.unavailable', exchanges: [3, 4] },
      locations: [
        {
          logicalLocations: [
            { name: 'streaming.unavailable#3', fullyQualifiedName: 'check-client/streaming.unavailable/exchange/3', kind: 'object' },
            { name: 'streaming.unavailable#4', fullyQualifiedName: 'check-client/streaming.unavailable/exchange/4', kind: 'object' },
          ],
        },
      ],
    });
    expect(results[1]).toMatchObject({ ruleId: 'client.retry.no-backoff', level: 'warning' });
    expect(results[2]!.locations).toEqual([{ logicalLocations: [{ name: 'batch.happy', fullyQualifiedName: 'check-client/batch.happy', kind: 'module' }] }]);
  });

  it('declares a rule the report does not describe rather than leave a result without one', () => {
    const odd = sampleReport();
    odd.scenarios = [{ ...fail, findings: [{ ...fail.findings[0]!, ruleId: 'client.future.rule' }] }];
    const oddRun = (JSON.parse(renderClientSarif(odd)) as Sarif.Log).runs[0]!;
    const declared = oddRun.tool.driver.rules!.find((r) => r.id === 'client.future.rule');
    expect(declared?.name).toBe('ClientFutureRule');
    expect(oddRun.results![0]!.ruleIndex).toBe(oddRun.tool.driver.rules!.indexOf(declared!));
    expect(sarifSchemaErrors(JSON.parse(renderClientSarif(odd)))).toBeUndefined();
  });
});
