/**
 * The tutorials' documented exchanges, replayed through `aep-harness preflight`: the predicted answer must
 * be the documented one, except where the documentation contradicts itself; there the fixture records the
 * erratum and the answer the harness gives instead (fixtures/docs/streaming/exchanges.yaml).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { STREAMING_ERRATA } from '../../src/contract/streaming.js';
import type { PreflightReport, WireResponseEntry } from '../../src/report/model.js';
import { runCli } from '../cli/run-cli.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/docs/streaming');

interface Exchange {
  name: string;
  summary: string;
  source: { origin: string; seed: string };
  request: string;
  response: string;
  status: number;
  errata?: (keyof typeof STREAMING_ERRATA)[];
  expected: 'documented' | ({ xactionId: string } | { documented: number })[];
}

interface Manifest {
  bindings: Record<string, string>;
  exchanges: Exchange[];
  snippets: { name: string; file: string; errata: (keyof typeof STREAMING_ERRATA)[] }[];
}

const manifest = parseYaml(readFileSync(join(FIXTURES, 'exchanges.yaml'), 'utf8')) as Manifest;
const work = mkdtempSync(join(tmpdir(), 'aep-docs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Fills the documentation's placeholders with the world's values. */
function bind(text: string): string {
  let out = text;
  for (const [placeholder, value] of Object.entries(manifest.bindings)) out = out.split(placeholder).join(value);
  return out;
}

async function preflight(name: string, requestText: string): Promise<{ code: number; report: PreflightReport }> {
  const file = join(work, `${name.replace(/\//g, '_')}.json`);
  const reportFile = join(work, `${name.replace(/\//g, '_')}.report.json`);
  writeFileSync(file, requestText);
  const { code } = await runCli(['preflight', file, '--format', 'json', '--output', reportFile]);
  return { code, report: JSON.parse(readFileSync(reportFile, 'utf8')) as PreflightReport };
}

/** The documented success entries carry a server-made batchId; the harness writes `<batchId>`. */
function withBatchPlaceholder(entry: WireResponseEntry, batchId: string): WireResponseEntry {
  return 'xactionId' in entry ? { xactionId: entry.xactionId.replace(batchId, '<batchId>') } : entry;
}

describe('documented streaming exchanges replayed through preflight', () => {
  it('the manifest covers both tutorial versions, each with a success and a partial-failure exchange', () => {
    expect(manifest.exchanges.map((e) => e.name).sort()).toEqual([
      'newer/partial-failure',
      'newer/stream-to-dataset',
      'older/partial-failure',
      'older/stream-to-dataset',
    ]);
    for (const exchange of manifest.exchanges) for (const erratum of exchange.errata ?? []) expect(STREAMING_ERRATA).toHaveProperty(erratum);
  });

  it('the older version is the one with {IMS_ORG} and ";{SCHEMA_VERSION}", the newer one with {ORG_ID} and ";version={SCHEMA_VERSION}"', () => {
    const older = readFileSync(join(FIXTURES, 'older/stream-to-dataset.request.json'), 'utf8');
    const newer = readFileSync(join(FIXTURES, 'newer/stream-to-dataset.request.json'), 'utf8');
    expect(older).toContain('"imsOrgId": "{IMS_ORG}"');
    expect(older).toContain('xed-full+json;{SCHEMA_VERSION}"');
    expect(newer).toContain('"imsOrgId": "{ORG_ID}"');
    expect(newer).toContain('xed-full+json;version={SCHEMA_VERSION}"');
  });

  for (const exchange of manifest.exchanges) {
    describe(`${exchange.name}: ${exchange.summary}`, () => {
      it(`predicts ${exchange.status} with the ${exchange.expected === 'documented' ? 'documented' : 'recorded'} responses`, async () => {
        const request = bind(readFileSync(join(FIXTURES, exchange.request), 'utf8'));
        const documented = JSON.parse(bind(readFileSync(join(FIXTURES, exchange.response), 'utf8'))) as {
          inletId: string;
          batchId: string;
          responses: WireResponseEntry[];
        };
        const { report } = await preflight(exchange.name, request);
        const predicted = report.files[0]!.predicted;
        expect(predicted?.kind).toBe('batch-request');
        if (predicted?.kind !== 'batch-request' || predicted.status !== 207) throw new Error(`expected a 207 prediction, got ${JSON.stringify(predicted)}`);
        expect(predicted.status).toBe(exchange.status);
        expect(predicted.body.inletId).toBe(documented.inletId);

        const expected =
          exchange.expected === 'documented'
            ? documented.responses.map((entry) => withBatchPlaceholder(entry, documented.batchId))
            : exchange.expected.map((entry) => ('documented' in entry ? documented.responses[entry.documented]! : entry));
        expect(predicted.body.responses).toEqual(expected);
        // One entry per message sent, as the page says, whatever its example shows.
        expect(predicted.body.responses).toHaveLength((JSON.parse(request) as { messages: unknown[] }).messages.length);
      });

      if (exchange.errata?.includes('five-sent-four-answered')) {
        it('records the erratum: five messages sent, four entries shown; the harness answers all five', async () => {
          const request = bind(readFileSync(join(FIXTURES, exchange.request), 'utf8'));
          const documented = JSON.parse(readFileSync(join(FIXTURES, exchange.response), 'utf8')) as { responses: unknown[] };
          expect((JSON.parse(request) as { messages: unknown[] }).messages).toHaveLength(5);
          expect(documented.responses).toHaveLength(4);
          const { report } = await preflight(`${exchange.name}-erratum`, request);
          const predicted = report.files[0]!.predicted;
          if (predicted?.kind !== 'batch-request' || predicted.status !== 207) throw new Error('expected 207');
          // The fourth message only leaves out _experience, which the dataset's schema does not require.
          expect(predicted.messages[3]).toEqual({ index: 3, outcome: 'accepted', xactionId: '<batchId>:3', streamingValidation: { status: 'pass' } });
          // The "fourth" entry the page explains is the fifth message's: the legacy xdmSchema header.
          expect(report.files[0]!.findings.filter((f) => f.messageIndex === 4).map((f) => f.ruleId)).toEqual(['streaming.header.legacy-xdm-schema']);
        });
      }

      if (exchange.errata?.includes('xaction-prefix-not-batch-id')) {
        it('records the erratum: the documented xactionId of message 0 is not "<batchId>:0"', () => {
          const documented = JSON.parse(readFileSync(join(FIXTURES, exchange.response), 'utf8')) as {
            batchId: string;
            responses: { xactionId?: string }[];
          };
          expect(documented.responses[0]!.xactionId).not.toBe(`${documented.batchId}:0`);
        });
      }
    });
  }

  for (const snippet of manifest.snippets) {
    describe(`${snippet.name}: the body offered to repair the second message`, () => {
      const repaired = (snippetText: string) => {
        const request = JSON.parse(bind(readFileSync(join(FIXTURES, snippet.name.split('/')[0]!, 'partial-failure.request.json'), 'utf8'))) as {
          messages: { header: unknown }[];
        };
        const header = JSON.stringify(request.messages[1]!.header);
        const messages = request.messages.map((m) => JSON.stringify(m));
        messages[1] = `{"header": ${header}, ${bind(snippetText).trim().replace(/,\s*$/, '')}}`;
        return `{"messages": [${messages.join(',\n')}]}`;
      };

      it('as published, has a trailing comma: preflight says the request is not JSON, with its line and column, and exits 3', async () => {
        const text = repaired(readFileSync(join(FIXTURES, snippet.file), 'utf8'));
        const { code, report } = await preflight(`${snippet.name}-as-published`, text);
        expect(code).toBe(3);
        const [finding] = report.files[0]!.findings;
        expect(finding?.ruleId).toBe('streaming.request.not-json');
        expect(report.files[0]!.predicted).toMatchObject({ status: 400 });
        // The comma the snippet leaves after "timestamp".
        const commaLine = text.split('\n').findIndex((line) => /"timestamp": "2019-02-23T22:07:01Z",\s*$/.test(line)) + 1;
        expect(finding?.line).toBeGreaterThanOrEqual(commaLine);
      });

      it('with the trailing comma removed, repairs the second message: it is accepted', async () => {
        const fixed = readFileSync(join(FIXTURES, snippet.file), 'utf8').replace(/("timestamp": "[^"]+"),(\s*\})/, '$1$2');
        const { report } = await preflight(`${snippet.name}-fixed`, repaired(fixed));
        const predicted = report.files[0]!.predicted;
        if (predicted?.kind !== 'batch-request' || predicted.status !== 207) throw new Error('expected 207');
        expect(predicted.messages[1]).toMatchObject({ outcome: 'accepted', xactionId: '<batchId>:1', streamingValidation: { status: 'pass' } });
      });
    });
  }
});
