/**
 * What a streaming rule sees. Contexts are built once per request or message, with the header, body and
 * world lookups already resolved, so that each rule is a few property reads.
 */
import type { ProfileName } from '../../contract/profiles.js';
import type { Dataset, Inlet, XdmSchema } from '../../world/types.js';
import type { WorldIndex } from './world-index.js';
import type { XdmValidator } from '../../world/xdm-validator.js';

export type JsonObject = Record<string, unknown>;

export function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

export function own(obj: JsonObject | undefined, key: string): unknown {
  return obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function has(obj: JsonObject | undefined, key: string): boolean {
  return obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key);
}

/** The whole input, before any message is looked at. */
export interface RequestContext {
  profile: ProfileName;
  /** Size of the request body in bytes, as it would be sent. */
  bytes: number;
  /** The size past which the platform answers 413, under the profile. */
  limit: number;
  /** `request` for `{messages: [...]}` files, `message` for single-message files, `ndjson-line` for one NDJSON line. */
  shape: 'request' | 'message' | 'ndjson-line';
  bom: boolean;
  /** Set when the text is not JSON. */
  syntaxError?: { message: string; line: number; column: number };
  /** The parsed JSON, when it parsed. */
  root: unknown;
}

export interface SchemaRefView {
  pointer: string;
  value: JsonObject | undefined;
  id: string | undefined;
  contentType: string | undefined;
}

/** One message, with its parts resolved. */
export interface MessageContext {
  profile: ProfileName;
  index: number;
  /** JSON pointer of the message in its document: `/messages/3`, or `` for a single message. */
  base: string;
  message: unknown;
  obj: JsonObject | undefined;
  header: JsonObject | undefined;
  body: JsonObject | undefined;
  xdmMeta: JsonObject | undefined;
  headerSchemaRef: SchemaRefView;
  bodySchemaRef: SchemaRefView;
  inlet: Inlet;
  world: WorldIndex;
  /** The dataset the header names, when the world knows it. */
  dataset: Dataset | undefined;
  /** The schema the header's schemaRef names, when the world knows it. */
  headerSchema: XdmSchema | undefined;
  /** Streaming validation checks the entity against the dataset's schema (the header's when no dataset). */
  targetSchema: XdmSchema | undefined;
  validator: XdmValidator | undefined;
  /**
   * An upper bound on the message's size in bytes: its own line's size in NDJSON, the whole file's size
   * otherwise. Rules that need the exact size measure it only when this bound is over their limit.
   */
  bytes: number;
}
