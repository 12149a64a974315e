import type * as Sarif from 'sarif';
import type { Finding, RuleInfo, Severity } from '../rules/finding.js';
import type { RenderContext } from './context.js';
import type { FileReport, PreflightReport } from './model.js';
import { filesInOrder, findingsInOrder } from './order.js';
import { redactDeep } from './redact.js';

/**
 * SARIF 2.1.0 for code-scanning tools (GitHub code scanning, GitLab, IDE viewers): one run, the rules in
 * `tool.driver.rules`, one result per finding. Input files that could not be read are not results (no
 * rule judged them) but tool execution notifications, and they make the invocation unsuccessful.
 */

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_INFORMATION_URI = 'https://www.npmjs.com/package/aep-ingest-harness';

/** The base the relative artifact URIs resolve against, declared in `originalUriBaseIds` when `cwd` is known. */
const SOURCE_ROOT = 'SRCROOT';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warn: 'warning', info: 'note' };

function toSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

/** Percent-encodes each segment (a space or `#` in a file name must not end the URI), keeping a drive letter's colon. */
function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)))
    .join('/');
}

function fileUri(absolutePath: string): string {
  const encoded = encodePath(absolutePath);
  return encoded.startsWith('/') ? `file://${encoded}` : `file:///${encoded}`;
}

function directoryUri(absolutePath: string): string {
  const uri = fileUri(absolutePath);
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * A file as the user named it, as SARIF wants it: forward slashes, relative to `cwd` when it lies under it.
 * A file outside `cwd` keeps an absolute `file://` URI rather than a `../` path viewers cannot place.
 * Pure string work: `node:path` would resolve relative names against the process's own directory.
 */
export function artifactLocation(file: string, cwd: string | undefined): Sarif.ArtifactLocation {
  const path = toSlashes(file).replace(/^(\.\/)+/, '');
  if (!isAbsolutePath(path)) {
    return cwd === undefined ? { uri: encodePath(path) } : { uri: encodePath(path), uriBaseId: SOURCE_ROOT };
  }
  if (cwd !== undefined) {
    const base = toSlashes(cwd).replace(/\/+$/, '');
    if (path.startsWith(`${base}/`)) return { uri: encodePath(path.slice(base.length + 1)), uriBaseId: SOURCE_ROOT };
  }
  return { uri: fileUri(path) };
}

function ruleDescriptor(rule: RuleInfo): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: rule.docs,
    help: { text: `${rule.description} See ${rule.docs}` },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
  };
}

/**
 * All the rules of the run, and a bare descriptor for any rule id a finding carries that the context did
 * not list, so every result's `ruleIndex` points at a descriptor.
 */
function ruleDescriptors(rules: RuleInfo[], findings: Finding[]): Sarif.ReportingDescriptor[] {
  const descriptors = rules.map(ruleDescriptor);
  const known = new Set(rules.map((rule) => rule.id));
  for (const finding of findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    descriptors.push({ id: finding.ruleId, name: finding.ruleId, helpUri: finding.docs });
  }
  return descriptors;
}

function lastPointerToken(pointer: string): string {
  const token = pointer.slice(pointer.lastIndexOf('/') + 1);
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function result(finding: Finding, ruleIndex: number, cwd: string | undefined): Sarif.Result {
  const properties: Sarif.PropertyBag = { pointer: finding.pointer };
  if (finding.messageIndex !== undefined) properties['messageIndex'] = finding.messageIndex;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(finding.file, cwd),
          // SARIF regions are 1-based; a finding about the whole file still has to point somewhere.
          region: { startLine: Math.max(1, finding.line), startColumn: Math.max(1, finding.column) },
        },
        logicalLocations: [{ fullyQualifiedName: finding.pointer, name: lastPointerToken(finding.pointer) }],
      },
    ],
    properties,
  };
}

function inputErrorNotification(fileReport: FileReport, cwd: string | undefined): Sarif.Notification[] {
  const inputError = fileReport.inputError;
  if (inputError === undefined) return [];
  const physicalLocation: Sarif.PhysicalLocation = { artifactLocation: artifactLocation(fileReport.file, cwd) };
  if (inputError.line !== undefined) {
    physicalLocation.region = { startLine: Math.max(1, inputError.line) };
    if (inputError.column !== undefined) physicalLocation.region.startColumn = Math.max(1, inputError.column);
  }
  return [
    {
      level: 'error',
      message: { text: `${fileReport.file}: ${inputError.message}` },
      locations: [{ physicalLocation }],
    },
  ];
}

/** `originalUriBaseIds` declaring the base relative artifact URIs resolve against, when `cwd` is an absolute path. */
export function uriBaseIds(cwd: string | undefined): Sarif.Run['originalUriBaseIds'] | undefined {
  if (cwd === undefined || !isAbsolutePath(toSlashes(cwd))) return undefined;
  return { [SOURCE_ROOT]: { uri: directoryUri(toSlashes(cwd)) } };
}

export function renderSarif(report: PreflightReport, ctx: RenderContext): string {
  const safeReport = redactDeep(report);
  const files = filesInOrder(safeReport.files);
  const findings = files.flatMap((fileReport) => findingsInOrder(fileReport.findings));
  const rules = ruleDescriptors(ctx.rules, findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const notifications = files.flatMap((fileReport) => inputErrorNotification(fileReport, ctx.cwd));

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: safeReport.tool.name,
        informationUri: TOOL_INFORMATION_URI,
        version: safeReport.tool.version,
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: notifications.length === 0,
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    // Finding columns are counted in UTF-16 code units (rules/finding.ts).
    columnKind: 'utf16CodeUnits',
    results: findings.map((finding) => result(finding, ruleIndex.get(finding.ruleId) ?? -1, ctx.cwd)),
    properties: { profile: safeReport.profile, world: safeReport.world },
  };
  const baseIds = uriBaseIds(ctx.cwd);
  if (baseIds !== undefined) run.originalUriBaseIds = baseIds;

  const log: Sarif.Log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}
