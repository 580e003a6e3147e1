import type { Directory } from "./directory";
import type { ResourceRef } from "./errors";
import type { Inputs } from "./inputs";

/** What every resource handler may read: the simulated tenant, the clock and the resource's identity. */
export interface SimContext {
  directory: Directory;
  tenantId: string;
  subscriptionId: string;
  now: Date;
  /** The resource's URN (without parent types; see `urnOf`), the seed of every id it gets. */
  urn: string;
  resource: ResourceRef;
  /** Object id of the identity running the deployment (what getClientConfig reports). */
  deployerObjectId: string;
}

/** What a mock returns for a registration: the provider id and the output state. */
export interface Registration {
  id: string | undefined;
  state: Record<string, unknown>;
}

/**
 * Simulates one resource type. `raw` are the inputs as received (secret envelopes intact, to echo);
 * `inputs` the same with envelopes removed (to inspect; never to echo or put into a message).
 */
export type ResourceHandler = (raw: Inputs, inputs: Inputs, ctx: SimContext) => Registration;
