/**
 * SARIF 2.1.0 for a conformance run (`replay`, `verify`, `record`), in the style of the pre-flight SARIF
 * (`../sarif.ts`): one run; every documented behaviour of the catalogue a rule (its id, a `name` in
 * PascalCase distinct from the id, the title as short description, the title and its sources as full
 * description, `helpUri` its first source); every failing check the report keeps a result, its message the
 * subject with what was expected and what came back, its logical location the fixture step or the
 * generated case (`name` and `fullyQualifiedName`), and for a fixture the fixture file as its physical
 * location, relative to the working directory. `automationDetails.id` is `<command>/<startedAt>`, so code
 * scanning tells runs apart; the invocation carries the run's start and end. A failing behaviour is not a
 * failed execution: `executionSuccessful` says the run itself completed.
 */
import type * as Sarif from 'sarif';
import { redactDeep } from '../redact.js';
import { SARIF_SCHEMA, TOOL_INFORMATION_URI, artifactLocation, uriBaseIds } from '../sarif.js';
import type { BehaviourResult, ConformanceCheck, ConformanceReport } from './model.js';

/** `streaming.batch.status-207` → `StreamingBatchStatus207`: a readable name that is not the id. */
export function behaviourRuleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

function ruleDescriptor(behaviour: BehaviourResult): Sarif.ReportingDescriptor {
  const sources = behaviour.sources.map((s) => `${s.title}, ${s.section}: ${s.url}`);
  const descriptor: Sarif.ReportingDescriptor = {
    id: behaviour.id,
    name: behaviourRuleName(behaviour.id),
    shortDescription: { text: behaviour.title },
    fullDescription: { text: `${behaviour.title} Documented in: ${sources.join('; ')}.` },
    help: { text: `${behaviour.title}\n${sources.join('\n')}` },
    defaultConfiguration: { level: 'error' },
    properties: { api: behaviour.api, tags: [behaviour.api] },
  };
  const first = behaviour.sources[0];
  if (first !== undefined) descriptor.helpUri = first.url;
  return descriptor;
}

function messageText(check: ConformanceCheck): string {
  const parts: string[] = [];
  if (check.expected !== undefined) parts.push(`expected ${check.expected}`);
  if (check.actual !== undefined) parts.push(`actual ${check.actual}`);
  return parts.length === 0 ? check.subject : `${check.subject}: ${parts.join('; ')}`;
}

function logicalLocation(check: ConformanceCheck): Sarif.LogicalLocation {
  const origin = check.origin;
  if (origin.kind === 'fixture') {
    const step = `step ${origin.step + 1}${origin.stepName ? ` ${origin.stepName}` : ''}`;
    return { name: step, fullyQualifiedName: `${origin.fixture}/step-${origin.step + 1}`, kind: 'member' };
  }
  const path = origin.path !== undefined ? `/path-${origin.path}` : '';
  return {
    name: `${origin.property} (seed ${origin.seed}${origin.path !== undefined ? `, path ${origin.path}` : ''})`,
    fullyQualifiedName: `${origin.property}/seed-${origin.seed}${path}`,
    kind: 'member',
  };
}

function result(check: ConformanceCheck, ruleIndex: number, cwd: string | undefined): Sarif.Result {
  const logical = logicalLocation(check);
  const location: Sarif.Location = { logicalLocations: [logical] };
  if (check.origin.kind === 'fixture') location.physicalLocation = { artifactLocation: artifactLocation(check.origin.file, cwd) };
  const properties: Sarif.PropertyBag = { origin: check.origin };
  if (check.expected !== undefined) properties['expected'] = check.expected;
  if (check.actual !== undefined) properties['actual'] = check.actual;
  if (check.counterexample !== undefined) properties['counterexample'] = check.counterexample;
  return {
    ruleId: check.behaviour,
    ruleIndex,
    kind: 'fail',
    level: 'error',
    message: { text: messageText(check) },
    locations: [location],
    // The same check of the same origin is the same result from one run to the next.
    partialFingerprints: { conformanceCheck: `${check.behaviour}|${logical.fullyQualifiedName ?? ''}|${check.subject}` },
    properties,
  };
}

export function renderConformanceSarif(report: ConformanceReport, ctx: { cwd?: string } = {}): string {
  const safe = redactDeep(report);
  const rules = safe.behaviours.map(ruleDescriptor);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = safe.behaviours.flatMap((b) => b.failures.map((check) => result(check, ruleIndex.get(check.behaviour) ?? -1, ctx.cwd)));
  const started = Date.parse(safe.run.startedAt);
  const invocation: Sarif.Invocation = {
    executionSuccessful: true,
    properties: { command: safe.run.command, target: safe.run.target, profile: safe.run.profile },
  };
  if (Number.isFinite(started)) {
    invocation.startTimeUtc = new Date(started).toISOString();
    invocation.endTimeUtc = new Date(started + safe.run.durationMs).toISOString();
  }
  const run: Sarif.Run = {
    tool: { driver: { name: safe.tool.name, informationUri: TOOL_INFORMATION_URI, version: safe.tool.version, rules } },
    automationDetails: { id: `${safe.run.command}/${safe.run.startedAt}` },
    invocations: [invocation],
    results,
    properties: {
      command: safe.run.command,
      target: safe.run.target,
      profile: safe.run.profile,
      totals: safe.totals,
      ...(safe.run.seed !== undefined ? { seed: safe.run.seed } : {}),
      ...(safe.run.runs !== undefined ? { runs: safe.run.runs } : {}),
      ...(safe.run.fixtures !== undefined ? { fixtures: safe.run.fixtures } : {}),
      // Failing checks beyond those the report keeps per behaviour are counted, not listed.
      failingChecksNotListed: safe.behaviours.reduce((sum, b) => sum + (b.failed - b.failures.length), 0),
      notExercised: safe.behaviours.filter((b) => b.status === 'not-exercised').map((b) => b.id),
    },
  };
  const baseIds = uriBaseIds(ctx.cwd);
  if (baseIds !== undefined) run.originalUriBaseIds = baseIds;
  const log: Sarif.Log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}
