/**
 * The `ndjson` format's events, one JSON object a line, for every report model. Today a finished report
 * is rendered as a stream of them; the shapes are made so that a later change can write them live while a
 * run goes on: `run-started` carries only what is known before the first check (no totals), every item
 * event (`finding`, `behaviour`, `scenario`) stands alone (it names its file, behaviour or scenario and
 * needs no earlier line to be read), and only `run-finished` carries totals. Each event has `event` and
 * `model` (`preflight`, `conformance`, `client`), so one reader can follow any command.
 */
export type NdjsonModel = 'preflight' | 'conformance' | 'client';

export function ndjsonLines(events: readonly Record<string, unknown>[]): string {
  return events.map((e) => `${JSON.stringify(e)}\n`).join('');
}
