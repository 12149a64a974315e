import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { FileReport, PreflightReport } from '../../../src/report/model.js';
import { renderText } from '../../../src/report/text.js';
import { BEARER, INLET, JWT, RULES, UNKNOWN_XDM, reportWithSecrets, sampleReport } from './fixture.js';

const plain = { rules: RULES, color: false };
const coloured = { rules: RULES, color: true };

function lines(output: string): string[] {
  return output.split('\n');
}

function reportOf(file: FileReport, summary: Partial<PreflightReport['summary']> = {}): PreflightReport {
  return {
    ...sampleReport(),
    files: [file],
    summary: { files: 1, findings: { error: 0, warn: 0, info: 0 }, inputErrors: 0, ...summary },
  };
}

function cleanFile(predicted: FileReport['predicted']): FileReport {
  return { file: 'payloads/p.json', kind: 'request', bytes: 10, findings: [], findingsDropped: 0, predicted };
}

describe('text format: findings for people at a terminal', () => {
  it('has no escape codes at all without colour', () => {
    expect(renderText(sampleReport(), plain)).not.toContain('\u001b');
  });

  it('colours severities and rule ids with colour, and only adds escape codes', () => {
    const output = renderText(sampleReport(), coloured);
    expect(output).toContain('\u001b[31merror\u001b[39m');
    expect(output).toContain('\u001b[33mwarning\u001b[39m');
    expect(output).toContain('\u001b[2mstreaming/timestamp-format\u001b[22m');
    expect(stripVTControlCharacters(output)).toBe(renderText(sampleReport(), plain));
  });

  it('heads each finding with path:line:column severity ruleId, sorted by file, line and column, the message below it', () => {
    const output = lines(renderText(sampleReport(), plain));
    const heads = output.filter((line) => line.startsWith('payloads/request.json:'));
    expect(heads.map((line) => line.split(/\s+/)[0])).toEqual([
      'payloads/request.json:21:5',
      'payloads/request.json:40:5',
      'payloads/request.json:52:24',
    ]);
    expect(heads[0]).toMatch(/^payloads\/request\.json:21:5 +error +streaming\/message-body-missing$/);
    expect(output[output.indexOf(heads[0]!) + 1]).toMatch(/^ {2}\[message 1\] Message has a header but no body/);
  });

  it('aligns the severity and rule id columns across the report, as ESLint stylish does', () => {
    const heads = lines(renderText(sampleReport(), plain)).filter((line) => line.startsWith('payloads/request.json:'));
    const columnsOf = (line: string) => [line.search(/ (error|warning|info) /) + 1, line.indexOf('streaming/')];
    const first = columnsOf(heads[0]!);
    for (const line of heads) expect(columnsOf(line)).toEqual(first);
  });

  describe('at 100 columns (or the width given)', () => {
    const longMessage = `${'the value does not match the documented format of the field, '.repeat(4)}see the schema`;
    const longRule = 'streaming.entity.a-rule-id-that-is-long-enough-to-make-the-head-line-wider-than-the-width-given';
    const wide = (): PreflightReport => {
      const report = sampleReport();
      const finding = report.files[0]!.findings[0]!;
      finding.message = longMessage;
      finding.ruleId = longRule;
      return report;
    };

    it('wraps a long message at spaces below its location, every line within the width', () => {
      const output = lines(renderText(wide(), plain));
      const head = output.findIndex((line) => line.endsWith(longRule));
      const body: string[] = [];
      for (let i = head + 1; output[i]!.startsWith('  ') && !output[i]!.startsWith('  message'); i++) body.push(output[i]!);
      expect(body.length).toBeGreaterThan(2);
      for (const line of body) {
        expect(line.length).toBeLessThanOrEqual(100);
        expect(line.startsWith('  ')).toBe(true);
      }
      expect(body.map((line) => line.trim()).join(' ')).toMatch(new RegExp(`^\\[message \\d+\\] ${longMessage}$`));
    });

    it('never cuts the rule id, even when the head line is wider than the width', () => {
      const output = renderText(wide(), { ...plain, width: 60 });
      expect(output.split('\n').some((line) => line.endsWith(`  ${longRule}`))).toBe(true);
    });

    it('wraps to the width it is given (a terminal of 60 columns)', () => {
      const output = lines(renderText(wide(), { ...plain, width: 60 }));
      // Every line but a head (rule ids whole) and a single word longer than the width (ids whole) fits.
      const cuttable = output.filter((line) => !line.includes(longRule) && !/^payloads\/request\.json:\d+:\d+ /.test(line) && line.trim().includes(' '));
      expect(cuttable.length).toBeGreaterThan(5);
      for (const line of cuttable) expect(line.length, line).toBeLessThanOrEqual(60);
    });

    it('keeps a word longer than the width whole, on its own line', () => {
      const report = sampleReport();
      const pointer = `/messages/0/body/xdmEntity/${'deeply/'.repeat(20)}nested`;
      report.files[0]!.findings[0]!.message = `unknown field at ${pointer} here`;
      expect(lines(renderText(report, { ...plain, width: 60 }))).toContain(`  ${pointer}`);
    });
  });

  it('with quiet, prints only the findings, the input errors and the summary', () => {
    const output = renderText(sampleReport(), { ...plain, quiet: true });
    expect(output).not.toContain('predicted:');
    expect(output).toContain('payloads/request.json:21:5');
    expect(output).toContain('payloads/broken.json:3:5: error:');
    const clean = renderText(reportOf(cleanFile({ kind: 'single-message', endpoint: '/collection/x', inletId: INLET, status: 200 })), { ...plain, quiet: true });
    expect(clean).toBe('✔ no problems in 1 file\n');
  });

  it('says the predicted 207 answer with its rejected and error-batch messages after the file findings', () => {
    const output = lines(renderText(sampleReport(), plain));
    const predicted = output.indexOf('predicted: 207 Multi-Status — 2 accepted (1 of them to the error batch), 1 rejected');
    expect(predicted).toBeGreaterThan(output.findIndex((line) => line.startsWith('payloads/request.json:52:24')));
    // The documented text wraps at its spaces under the message it belongs to, its words whole.
    expect(output[predicted + 1]).toBe(`  message 1: 400 ${UNKNOWN_XDM.slice(0, UNKNOWN_XDM.indexOf(' imsOrgId'))}`);
    expect(`${output[predicted + 1]} ${output[predicted + 2]!.trim()}`).toBe(`  message 1: 400 ${UNKNOWN_XDM}`);
    expect(`${output[predicted + 3]} ${output[predicted + 4]!.trim()}`).toBe(
      '  message 2: accepted, to the error batch: #/timestamp string [yesterday] does not match format date-time',
    );
  });

  it('prints an input error as path:line:column: error: message', () => {
    expect(lines(renderText(sampleReport(), plain))).toContain(
      'payloads/broken.json:3:5: error: Unexpected token "}" where a value was expected',
    );
    const withoutPosition = reportOf({ ...cleanFile(null), inputError: { message: 'file not found' } }, { inputErrors: 1 });
    expect(lines(renderText(withoutPosition, plain))[0]).toBe('payloads/p.json: error: file not found');
  });

  it('ends with a summary of problems by severity, input errors and files', () => {
    const output = lines(renderText(sampleReport(), plain));
    expect(output.at(-1)).toBe('');
    expect(output.at(-2)).toBe('✖ 3 problems (1 error, 1 warning, 1 info) and 1 input could not be read in 2 files');
    const warnings = { ...sampleReport(), summary: { files: 2, findings: { error: 3, warn: 1, info: 1 }, inputErrors: 0 } };
    expect(lines(renderText(warnings, plain)).at(-2)).toBe('✖ 5 problems (3 errors, 1 warning, 1 info) in 2 files');
  });

  it('says there are no problems when there are none, and still names each file with its predicted answer', () => {
    const output = renderText(reportOf(cleanFile({ kind: 'single-message', endpoint: '/collection/x', inletId: INLET, status: 200 })), plain);
    expect(output).toBe('payloads/p.json: no problems\npredicted: 200 OK\n\n✔ no problems in 1 file\n');
  });

  it('says how many findings were not shown', () => {
    const file = { ...sampleReport().files[0]!, findingsDropped: 1200 };
    const output = renderText(reportOf(file, { findings: { error: 1201, warn: 1, info: 1 } }), plain);
    expect(output).toContain('… and 1200 more findings not shown; raise --max-findings');
    expect(output).toContain('✖ 1203 problems (1201 errors, 1 warning, 1 info) in 1 file');
  });

  it('never prints a secret quoted in a finding', () => {
    const output = renderText(reportWithSecrets(), coloured);
    expect(output).not.toContain(BEARER);
    expect(output).not.toContain(JWT);
    expect(output).toContain('Authorization: Bearer [REDACTED]');
  });

  it('shows control characters from the input as escapes, so a payload cannot repaint the terminal', () => {
    const report = sampleReport();
    report.files[0]!.findings[0]!.message = 'value "\u001b[2Jgone\nnext"';
    const output = renderText(report, plain);
    expect(output).not.toContain('\u001b');
    expect(output).toContain('value "\\u001b[2Jgone\\u000anext"');
  });

  describe('predicted answers of each kind', () => {
    it('413 and 400 for a whole batch request, with the reason', () => {
      const tooLarge = cleanFile({ kind: 'batch-request', endpoint: '/collection/batch/x', inletId: INLET, status: 413, reason: 'the request is 1.2 MB; the limit is 1 MB' });
      expect(renderText(reportOf(tooLarge), plain)).toContain('predicted: 413 Payload Too Large — the request is 1.2 MB; the limit is 1 MB\n');
      const bad = cleanFile({ kind: 'batch-request', endpoint: '/collection/batch/x', inletId: INLET, status: 400, reason: 'messages is not an array' });
      expect(renderText(reportOf(bad), plain)).toContain('predicted: 400 Bad Request — messages is not an array\n');
    });

    it('400 for a single message, with the documented text', () => {
      const rejected = cleanFile({
        kind: 'single-message',
        endpoint: '/collection/x',
        inletId: INLET,
        status: 400,
        message: { index: 0, outcome: 'rejected', statusCode: 400, message: UNKNOWN_XDM },
      });
      expect(renderText(reportOf(rejected), plain).replaceAll('\n  ', ' ')).toContain(`predicted: 400 Bad Request — ${UNKNOWN_XDM}\n\n`);
    });

    it('counts for an NDJSON message stream, with the messages not shown', () => {
      const stream = cleanFile({
        kind: 'message-stream',
        endpoint: '/collection/batch/x',
        inletId: INLET,
        counts: { messages: 5000, accepted: 4990, rejected: 10, errorBatch: 0 },
        notAccepted: [{ index: 7, outcome: 'rejected', statusCode: 400, message: UNKNOWN_XDM }],
        notAcceptedTruncated: 9,
      });
      const output = lines(renderText(reportOf(stream), plain));
      expect(output).toContain('predicted: 5000 messages — 4990 accepted, 10 rejected');
      expect(output.join('\n')).toContain(`  message 7: 400 ${UNKNOWN_XDM.replace(' imsOrgId', '\n    imsOrgId')}`);
      expect(output).toContain('  … and 9 more messages not shown');
    });
  });
});
