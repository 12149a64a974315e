import type { World } from './types.js';
import profileSchema from './default/profile.schema.json' with { type: 'json' };
import webEventSchema from './default/web-event.schema.json' with { type: 'json' };

export const DEFAULT_WORLD_SOURCE = 'embedded:default';

/*
 * The embedded world: one org, the tutorials' inlet, a web-event and a profile schema with a dataset each,
 * and three Campaign mappings in the three states a mapping can be in. One inlet only, so that `preflight`
 * needs no --inlet on it; worlds with several inlets name one per run.
 * `fixtures/worlds/default/world.yaml` is the same world as a file; a spec keeps the two equal.
 */
const EMBEDDED: World = {
  source: DEFAULT_WORLD_SOURCE,
  orgs: [{ id: '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg', sandboxes: ['prod', 'dev'] }],
  inlets: [
    {
      // The inlet id the streaming tutorials' responses show, so documented exchanges replay as they are.
      id: '9b0cb233972f3b0092992284c7353f5eead496218e8441a79b25e9421ea127f5',
      org: '5D2E1F8A5C3E4B7A0A495E2C@AdobeOrg',
      authenticationRequired: false,
      name: 'Web events (HTTP API)',
    },
  ],
  schemas: [
    {
      id: 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f',
      version: '1',
      class: 'https://ns.adobe.com/xdm/context/experienceevent',
      timeSeries: true,
      jsonSchema: webEventSchema,
      title: webEventSchema.title,
    },
    {
      id: 'https://ns.adobe.com/acme/schemas/7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f',
      version: '1',
      class: 'https://ns.adobe.com/xdm/context/profile',
      timeSeries: false,
      jsonSchema: profileSchema,
      title: profileSchema.title,
    },
  ],
  datasets: [
    {
      id: '5f0c0c7f6c5f1b194c1e0b4a',
      schema: 'https://ns.adobe.com/acme/schemas/0f1c2d3e4a5b6c7d8e9f0a1b2c3d4e5f',
      name: 'Web events',
    },
    {
      id: '5f0c0c7f6c5f1b194c1e0b4b',
      schema: 'https://ns.adobe.com/acme/schemas/7c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f',
      name: 'Profiles',
    },
  ],
  campaignMappings: [
    // Ends as the documented success example does: 15 records.
    { id: 'ProfileToAEP', published: true, stopped: true, outcome: { status: 'success', numRecords: 15 } },
    { id: 'EventsToAEP', published: true, stopped: false },
    { id: 'DraftMapping', published: false, stopped: true },
    // One mapping per documented status example, so the documented exchanges replay on this world.
    { id: 'SlowMapping', published: true, stopped: true, outcome: { status: 'success', numRecords: 15 }, processingMs: 3_600_000 },
    { id: 'FetchFailsMapping', published: true, stopped: true, outcome: { status: 'failed', reason: 'fetch' } },
    { id: 'UploadFailsMapping', published: true, stopped: true, outcome: { status: 'failed', reason: 'upload' } },
    { id: 'AbortedMapping', published: true, stopped: true, outcome: { status: 'aborted' } },
  ],
};

/** The embedded default world; a fresh copy each call, so a caller may change it freely. */
export function defaultWorld(): World {
  return structuredClone(EMBEDDED);
}
