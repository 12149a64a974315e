/**
 * The run variables: what a fixture may write as `${name}` without binding it, taken from the world the
 * run targets. This table is the one place they are defined; a fixture that names a variable its world
 * cannot give fails with the variable's description, not with a request to a wrong path.
 */
import { XDM_CLASSES, XED_FULL_MEDIA_TYPE } from '../contract/streaming.js';
import type { Dataset, World, XdmSchema } from '../world/types.js';

export interface RunVariable {
  name: string;
  /** What it is, in the world's words (shown when the world has none). */
  description: string;
  value(world: World): string | undefined;
}

const schemaOf = (world: World, dataset: Dataset | undefined): XdmSchema | undefined =>
  dataset === undefined ? undefined : world.schemas.find((s) => s.id === dataset.schema);

const datasetOfClass = (world: World, cls: string): Dataset | undefined => world.datasets.find((d) => schemaOf(world, d)?.class === cls);

const eventDataset = (world: World) => datasetOfClass(world, XDM_CLASSES.experienceevent);
const profileDataset = (world: World) => datasetOfClass(world, XDM_CLASSES.profile);
const firstInlet = (world: World) => world.inlets[0];
const orgOf = (world: World) => firstInlet(world)?.org ?? world.orgs[0]?.id;
/** The documented `schemaRef.contentType` form every profile accepts: `;version=N`. */
const contentTypeOf = (schema: XdmSchema | undefined) => (schema === undefined ? undefined : `${XED_FULL_MEDIA_TYPE};version=${schema.version}`);

export const RUN_VARIABLES: readonly RunVariable[] = [
  { name: 'inletId', description: "the world's first inlet (streaming connection id)", value: (w) => firstInlet(w)?.id },
  { name: 'orgId', description: "the first inlet's org (or the world's first org)", value: orgOf },
  {
    name: 'sandbox',
    description: "the first sandbox of that org",
    value: (w) => w.orgs.find((o) => o.id === orgOf(w))?.sandboxes[0],
  },
  {
    name: 'authInletId',
    description: 'the first inlet that requires authentication',
    value: (w) => w.inlets.find((i) => i.authenticationRequired)?.id,
  },
  { name: 'datasetId', description: "the world's first ExperienceEvent dataset", value: (w) => eventDataset(w)?.id },
  { name: 'schemaId', description: "the schema of that dataset", value: (w) => schemaOf(w, eventDataset(w))?.id },
  { name: 'schemaVersion', description: 'the version of that schema', value: (w) => schemaOf(w, eventDataset(w))?.version },
  {
    name: 'contentType',
    description: "that schema's schemaRef.contentType (application/vnd.adobe.xed-full+json;version=N)",
    value: (w) => contentTypeOf(schemaOf(w, eventDataset(w))),
  },
  { name: 'profileDatasetId', description: "the world's first Profile dataset", value: (w) => profileDataset(w)?.id },
  { name: 'profileSchemaId', description: 'the schema of that dataset', value: (w) => schemaOf(w, profileDataset(w))?.id },
  { name: 'profileSchemaVersion', description: 'the version of that schema', value: (w) => schemaOf(w, profileDataset(w))?.version },
  {
    name: 'profileContentType',
    description: "that schema's schemaRef.contentType",
    value: (w) => contentTypeOf(schemaOf(w, profileDataset(w))),
  },
  {
    name: 'mappingId',
    description: 'the first Campaign mapping that is published and stopped (it can be triggered)',
    value: (w) => w.campaignMappings.find((m) => m.published && m.stopped)?.id,
  },
  {
    name: 'notStoppedMappingId',
    description: 'the first Campaign mapping that is published but not stopped',
    value: (w) => w.campaignMappings.find((m) => m.published && !m.stopped)?.id,
  },
  {
    name: 'unpublishedMappingId',
    description: 'the first Campaign mapping that is not published',
    value: (w) => w.campaignMappings.find((m) => !m.published)?.id,
  },
];

export const RUN_VARIABLE_NAMES: ReadonlySet<string> = new Set(RUN_VARIABLES.map((v) => v.name));

/** A run variable's value, or an explanation of why this world has none. */
export type RunValue = { ok: true; value: string } | { ok: false; reason: string };

/** Every run variable for one world, computed once per run. */
export function runVariables(world: World): Map<string, RunValue> {
  const values = new Map<string, RunValue>();
  for (const variable of RUN_VARIABLES) {
    const value = variable.value(world);
    values.set(
      variable.name,
      value === undefined ? { ok: false, reason: `the world (${world.source}) has none (${variable.description})` } : { ok: true, value },
    );
  }
  return values;
}
