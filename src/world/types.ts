/**
 * What a check needs to know about a tenant. Loaded from the world file (DESIGN.md, "The world file")
 * or the embedded default world. Everything here has been validated by the loader.
 */
export interface Org {
  id: string;
  sandboxes: string[];
}

export interface Inlet {
  /** The streaming connection id (`{CONNECTION_ID}` in the paths). */
  id: string;
  org: string;
  authenticationRequired: boolean;
  name?: string;
  /** Tokens a reference server accepts for an authenticated inlet (never written to reports). */
  tokens?: string[];
}

/** `experienceevent` and `profile` are shorthands for the XDM class URIs. */
export type SchemaClass = string;

export interface XdmSchema {
  id: string;
  /** The schema's version as a content type names it (`;version=1`). */
  version: string;
  /** The class URI, shorthands expanded: `https://ns.adobe.com/xdm/context/experienceevent`. */
  class: string;
  /** True when the class is time-series (ExperienceEvent, or extends `https://ns.adobe.com/xdm/data/time-series`). */
  timeSeries: boolean;
  /** The schema as the Schema Registry returns it with `Accept: application/vnd.adobe.xed-full+json`. */
  jsonSchema: Record<string, unknown>;
  title?: string;
}

export interface Dataset {
  id: string;
  schema: string;
  name?: string;
}

/**
 * How an ingestion request of a mapping ends on the reference server: `success` (with the records ingested),
 * `failed` before anything was fetched (`fetch`) or after a batch was prepared and uploaded (`upload`), or
 * `aborted`. Each is one of the documented status answers of GET …/ingest.
 */
export type CampaignOutcome =
  | { status: 'success'; numRecords?: number }
  | { status: 'failed'; reason: 'fetch' | 'upload' }
  | { status: 'aborted' };

export interface CampaignMapping {
  id: string;
  published: boolean;
  stopped: boolean;
  /** How a triggered request ends; the reference server's default is success. */
  outcome?: CampaignOutcome;
  /** How long, on the server's clock, a triggered request stays In Progress; default 0. */
  processingMs?: number;
}

/**
 * A fault the reference server injects on its own (when it obeys faults), on every `every`th request whose
 * path matches `path` (a prefix, or a glob when it holds `*`) and, if given, whose method is `method`.
 */
export interface WorldFault {
  path: string;
  method?: string;
  status?: 429 | 500 | 503;
  /** Seconds, for the Retry-After header of a 503. */
  retryAfter?: number;
  latencyMs?: number;
  drop?: boolean;
  /** Apply to every Nth matching request; default 1, every one. */
  every?: number;
}

export interface World {
  /** Where it came from: a file path, or `embedded:default`. */
  source: string;
  orgs: Org[];
  inlets: Inlet[];
  schemas: XdmSchema[];
  datasets: Dataset[];
  campaignMappings: CampaignMapping[];
  /** Faults the reference server injects on its own; absent when the world file has none. */
  faults?: WorldFault[];
  /**
   * What loaded but is not checked as written, each once, located in the world file: a `pattern` or
   * `patternProperties` key the linear-time engine cannot run (a lookahead, a backreference) is not
   * checked. Absent when there is none; the commands print each on standard error.
   */
  notices?: WorldNotice[];
}

/** A notice about a world file, located as a world problem is. */
export interface WorldNotice {
  file: string;
  line: number;
  column: number;
  field: string;
  reason: string;
  /** `world.yaml:12:7: schemas[0].jsonSchema: schema "…", /properties/code/pattern: the pattern … is not checked …` */
  message: string;
}
