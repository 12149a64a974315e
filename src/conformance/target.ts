/**
 * The server a conformance run talks to: a URL given by the user, or the reference server started
 * in-process on loopback when none is given. Credentials for a real target come from environment
 * variables only (never from a fixture or an option that would land in a shell history or a report).
 */
import { randomBytes } from 'node:crypto';
import type { ProfileName } from '../contract/profiles.js';
import { redactSecrets } from '../report/redact.js';
import { startServer, type RunningServer } from '../server/index.js';
import { createMemoryStore } from '../server/store/index.js';
import type { World } from '../world/types.js';

/** The environment variables a run reads for a real target, and the header each one fills. */
export const CREDENTIAL_VARIABLES = {
  AEP_ACCESS_TOKEN: { header: 'Authorization', format: (v: string) => `Bearer ${v}` },
  AEP_API_KEY: { header: 'x-api-key', format: (v: string) => v },
  AEP_ORG_ID: { header: 'x-gw-ims-org-id', format: (v: string) => v },
  AEP_SANDBOX_NAME: { header: 'x-sandbox-name', format: (v: string) => v },
} as const;

export type CredentialVariable = keyof typeof CREDENTIAL_VARIABLES;

/** Nothing answered at the target: the CLI exits 4. */
export class TargetUnreachable extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${url}: ${reason}`);
  }
}

export interface Target {
  url: string;
  /** Sent with every request unless a request sets the same header itself. */
  headers: Record<string, string>;
  inProcess: boolean;
  server?: RunningServer;
  /** The credential variables a URL target was opened without (their headers are not sent). */
  missingCredentials: CredentialVariable[];
  close(): Promise<void>;
}

export interface OpenTargetOptions {
  /** A base URL; without one the reference server starts in-process. */
  target?: string;
  world: World;
  profile: ProfileName;
  env: Record<string, string | undefined>;
}

/** The credential headers the environment gives, by header name. */
export function credentialHeaders(env: Record<string, string | undefined>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, { header, format }] of Object.entries(CREDENTIAL_VARIABLES)) {
    const value = env[name];
    if (value !== undefined && value !== '') headers[header] = format(value);
  }
  return headers;
}

/** A base URL without a trailing slash; anything but http(s) is refused. */
export function normaliseTargetUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`--target takes a URL such as http://127.0.0.1:8080 (got "${url}")`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`--target takes an http or https URL (got "${url}")`);
  }
  return parsed.href.replace(/\/+$/, '');
}

/** Whether an error thrown by fetch means nothing answered (refused, reset, unknown host, timed out). */
export function isUnreachable(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;
  const code = cause?.code ?? (error as { code?: string } | undefined)?.code;
  return (
    error instanceof TypeError ||
    ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET'].includes(
      code ?? '',
    )
  );
}

/** A line for the user when a URL target gets no credentials of some kind: its calls will likely be refused. */
export function missingCredentialsNotice(target: Target): string | undefined {
  if (target.missingCredentials.length === 0) return undefined;
  const headers = target.missingCredentials.map((name) => CREDENTIAL_VARIABLES[name].header);
  return `${target.missingCredentials.join(', ')} not set: requests go without ${headers.join(', ')}`;
}

/** One request to the target's root: any HTTP answer, even 404, means it is there. */
export async function probeTarget(url: string, timeoutMs = 5_000): Promise<void> {
  try {
    const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    throw new TargetUnreachable(url, reason);
  }
}

/** How reports and the terminal name a target: the in-process server as such, a URL with its credentials redacted. */
export function shownTarget(target: Target): string {
  return target.inProcess ? `reference server (in-process, ${target.url})` : redactSecrets(target.url);
}

export async function openTarget(options: OpenTargetOptions): Promise<Target> {
  if (options.target !== undefined) {
    const url = normaliseTargetUrl(options.target);
    await probeTarget(url);
    const missingCredentials = (Object.keys(CREDENTIAL_VARIABLES) as CredentialVariable[]).filter((name) => !options.env[name]);
    return { url, headers: credentialHeaders(options.env), inProcess: false, missingCredentials, async close() {} };
  }
  const server = await startServer({ world: options.world, profile: options.profile, store: createMemoryStore(), faults: false });
  const org = options.world.orgs[0];
  // The in-process server checks that the documented headers are there, not what they hold: a token made
  // up for this run, which no report prints (reports redact bearer tokens).
  const headers: Record<string, string> = {
    Authorization: `Bearer local-${randomBytes(12).toString('hex')}`,
    'x-api-key': 'aep-harness-local',
    ...(org ? { 'x-gw-ims-org-id': org.id, 'x-sandbox-name': org.sandboxes[0] ?? 'prod' } : {}),
  };
  return { url: server.url, headers, inProcess: true, server, missingCredentials: [], close: () => server.close() };
}
