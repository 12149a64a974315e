import type { Dataset, Inlet, Org, World, XdmSchema } from '../../world/types.js';
import { createXdmValidators, type XdmValidator } from '../../world/xdm-validator.js';

/** Lookups by id over a world, and its XDM validators compiled once per schema on first use. */
export interface WorldIndex {
  world: World;
  org(id: string): Org | undefined;
  inlet(id: string): Inlet | undefined;
  schema(id: string): XdmSchema | undefined;
  dataset(id: string): Dataset | undefined;
  validator(schemaId: string): XdmValidator | undefined;
}

export function indexWorld(world: World, opts: { maxViolations?: number } = {}): WorldIndex {
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
  const orgs = byId(world.orgs);
  const inlets = byId(world.inlets);
  const schemas = byId(world.schemas);
  const datasets = byId(world.datasets);
  const validators = createXdmValidators(world, opts);
  return {
    world,
    org: (id) => orgs.get(id),
    inlet: (id) => inlets.get(id),
    schema: (id) => schemas.get(id),
    dataset: (id) => datasets.get(id),
    validator: (id) => validators.forSchema(id),
  };
}
