import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockCallResult, MockResourceArgs, MockResourceResult } from "@pulumi/pulumi/runtime/mocks";
import { managedIdentityFederatedCredential, roleAssignment, userAssignedIdentity } from "./arm";
import type { ResourceHandler, SimContext, SimulatedTenant } from "./context";
export type { SimulatedTenant } from "./context";
import { Directory } from "./directory";
import { application, applicationIdentifierUri, servicePrincipal } from "./entra-apps";
import { applicationFlexibleFederatedIdentityCredential } from "./entra-flexible";
import { applicationCertificate, applicationFederatedIdentityCredential, applicationPassword } from "./entra-credentials";
import { appRoleAssignment, delegatedPermissionGrant } from "./entra-grants";
import { DEFAULT_TENANT_ID, guidFor, simulatedDeployer, urnOf } from "./ids";
import { existingObject } from "./imports";
import { plain, type Inputs } from "./inputs";
import { invoke, type ClientConfig } from "./invokes";
import { secret, vault } from "./keyvault";
import { privateKey, selfSignedCert } from "./tls";
import { STACK_REFERENCE, stackReference } from "./stack-reference";

export { AzureRejection } from "./errors";
export { DEFAULT_TENANT_ID, simulatedDeployer } from "./ids";
export { isSecretMarker, unwrapSecret, unwrapSecretsDeep } from "./secrets";

/** Options of the simulated tenant and subscription. */
export interface AzureSimulatorOptions {
  /** Tenant id of the simulated directory. @default a UUIDv5 of "simulated tenant" (stable across runs) */
  tenantId?: string;
  /** Subscription id ARM ids are built with. @default a UUIDv5 of "simulated subscription" */
  subscriptionId?: string;
  /** The clock: credential end dates must be after it; certificates start at it. @default 2026-01-01T00:00:00Z */
  now?: Date;
  /**
   * What the simulated tenant and subscription already hold before the run, for cases that depend on them
   * (a group named as owner, a tenant without a first-party service principal, a vault name taken elsewhere).
   * @default an empty tenant with every catalog API's service principal; the plan records what it assumed
   */
  tenant?: SimulatedTenant;
}


/** The default clock: fixed, so simulated output is reproducible. */
export const DEFAULT_NOW = new Date("2026-01-01T00:00:00.000Z");

const HANDLERS: Record<string, ResourceHandler> = {
  "azuread:index/application:Application": application,
  "azuread:index/applicationIdentifierUri:ApplicationIdentifierUri": applicationIdentifierUri,
  "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential": applicationFlexibleFederatedIdentityCredential,
  "azuread:index/servicePrincipal:ServicePrincipal": servicePrincipal,
  "azuread:index/applicationPassword:ApplicationPassword": applicationPassword,
  "azuread:index/applicationCertificate:ApplicationCertificate": applicationCertificate,
  "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential": applicationFederatedIdentityCredential,
  "azuread:index/appRoleAssignment:AppRoleAssignment": appRoleAssignment,
  "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant": delegatedPermissionGrant,
  "azure-native:authorization:RoleAssignment": roleAssignment,
  "azure-native:keyvault:Vault": vault,
  "azure-native:keyvault:Secret": secret,
  "azure-native:managedidentity:UserAssignedIdentity": userAssignedIdentity,
  "azure-native:managedidentity:FederatedIdentityCredential": managedIdentityFederatedCredential,
  "tls:index/privateKey:PrivateKey": privateKey,
  "tls:index/selfSignedCert:SelfSignedCert": selfSignedCert,
};

/**
 * Pulumi mocks that behave like Entra ID and ARM: deterministic, realistic outputs, and rejections with
 * Azure's own error codes for what `pulumi up` would refuse. Install with
 * `pulumi.runtime.setMocks(new AzureSimulator({ now }), project, stack, preview)`.
 *
 * A rejected registration makes the resource's outputs reject with `failed to register new resource
 * NAME [TYPE]: CODE: <Azure's message> — resource "NAME" (TYPE). Fix: <what to change>`.
 */
export class AzureSimulator implements pulumi.runtime.Mocks {
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly now: Date;
  /** What the simulated tenant holds: first-party service principals and everything registered so far. */
  readonly directory: Directory;
  /** The identity running the deployment, as both getClientConfig invokes report it. */
  readonly client: ClientConfig;
  /** What the tenant held before the run. */
  readonly tenant: SimulatedTenant;

  constructor(options: AzureSimulatorOptions = {}) {
    this.tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
    this.subscriptionId = options.subscriptionId ?? guidFor("simulated subscription", "subscriptionId");
    this.now = options.now ?? DEFAULT_NOW;
    this.tenant = options.tenant ?? {};
    this.directory = new Directory(this.tenantId, this.tenant);
    this.client = { tenantId: this.tenantId, subscriptionId: this.subscriptionId, ...simulatedDeployer(this.tenantId) };
  }

  newResource(args: MockResourceArgs): MockResourceResult {
    const raw: Inputs = typeof args.inputs === "object" && args.inputs !== null ? (args.inputs as Inputs) : {};
    const urn = urnOf(pulumi.getStack(), pulumi.getProject(), args.type, args.name);
    if (args.custom === false) return { id: undefined, state: { ...raw } };
    if (args.type === STACK_REFERENCE) {
      const self = { organization: pulumi.getOrganization(), project: pulumi.getProject(), stack: pulumi.getStack() };
      return stackReference(raw, self, this.tenant, this.directory, { name: args.name, type: args.type });
    }
    // An import (`import` resource option) of a type whose existing state we model answers with the tenant's ids.
    const existing = args.id ? existingObject(args.type, args.id, this.tenant, { name: args.name, type: args.type }, this) : undefined;
    if (args.id && !existing) return { id: args.id, state: { ...raw } };
    const handler = HANDLERS[args.type];
    if (!handler) return { id: guidFor(urn, "id"), state: { ...raw } };
    const ctx: SimContext = {
      directory: this.directory,
      tenantId: this.tenantId,
      subscriptionId: this.subscriptionId,
      now: this.now,
      urn,
      resource: { name: args.name, type: args.type },
      deployerObjectId: this.client.objectId,
      tenant: this.tenant,
      ...(existing ? { existing } : {}),
    };
    const registered = handler(raw, plain(raw), ctx);
    return args.id ? { ...registered, id: args.id } : registered;
  }

  /** What this run took for granted about the real tenant and subscription (shown in plan.json and the report). */
  get assumptions(): string[] {
    return this.directory.assumptions;
  }

  call(args: MockCallArgs): MockCallResult {
    const inputs: Record<string, unknown> = typeof args.inputs === "object" && args.inputs !== null ? (args.inputs as Record<string, unknown>) : {};
    return invoke(args.token, inputs, this.directory, this.client);
  }
}
