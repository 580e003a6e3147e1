import type { AppManagementPolicy } from "./app-management-policy";
import type { Directory } from "./directory";
import type { ResourceRef } from "./errors";
import type { Inputs } from "./inputs";
import type { ExistingIdentities, ExistingObject } from "./imports";

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
  /** What the tenant and subscription held before the run. */
  tenant: SimulatedTenant;
  /** Set when the registration imports an existing object (Pulumi's `import` option): its ids, which it keeps. */
  existing?: ExistingObject;
}

/** Directory objects, missing first-party principals and taken names: the state a test or `--tenant` file sets. */
export interface SimulatedTenant {
  /** Users, groups and service principals that exist in the directory (owners are checked against them). */
  directoryObjects?: { objectId: string; type: "User" | "Group" | "ServicePrincipal"; displayName?: string }[];
  /** App ids of first-party APIs whose service principal this tenant has never had (never used the API). */
  missingServicePrincipals?: string[];
  /**
   * Tenant-wide (AllPrincipals) delegated permission grants that already exist, e.g. from an administrator who
   * consented through the admin-consent URL: the client's service principal display name and the resource's app id.
   */
  delegatedPermissionGrants?: { clientDisplayName: string; resourceAppId: string }[];
  /** Key Vault names that cannot be created: taken by another subscription, or soft-deleted in this one. */
  unavailableVaultNames?: Record<string, "taken" | "softDeleted">;
  /**
   * Role assignments that already exist (ARM allows 4,000 per subscription): one count for every subscription, or
   * per subscription id. Management-group-scoped assignments do not count.
   */
  existingRoleAssignments?: number | Record<string, number>;
  /** The outputs of the stack's previous deployment, as a StackReference to the stack itself reads them. */
  previousOutputs?: Record<string, unknown>;
  /** Identities that exist before the run, which registrations with Pulumi's `import` option adopt (see ./imports.ts). */
  existing?: ExistingIdentities;
  /** The tenant's default app management policy (`--tenant-policy`, Graph's tenantAppManagementPolicy): see ./app-management-policy.ts. */
  appManagementPolicy?: AppManagementPolicy;
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
