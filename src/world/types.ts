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

export interface CampaignMapping {
  id: string;
  published: boolean;
  stopped: boolean;
}

export interface World {
  /** Where it came from: a file path, or `embedded:default`. */
  source: string;
  orgs: Org[];
  inlets: Inlet[];
  schemas: XdmSchema[];
  datasets: Dataset[];
  campaignMappings: CampaignMapping[];
}
