import * as pulumi from "@pulumi/pulumi";
import { adminConsentUrl, apiPermissionGrants, needsConsentAsCode, roleAssignmentGrants, secretReaderSummaries, tokenAudiences } from "../model/access-summary";
import { defaultIdentifierUri } from "../model/exposed-api";
import { ApiAccess, requiredResourceAccesses } from "./api-access";
import { EntraApplication, type DirectoryOwners } from "./application";
import { Certificate } from "./certificate";
import { ClientSecret } from "./client-secret";
import type { RotatingMember } from "../model/rotation";
import { previousPair } from "./previous-deployment";
import { FederatedCredentials, type FederationTarget } from "./federated-credentials";
import type { ApplicationObjectId, ClientId, ServicePrincipalObjectId, TenantId } from "../model/ids";
import { keyVaultAnnouncement, type WorkloadVault } from "./key-vault";
import { identifierExpiry } from "../model/key-vault";
import { ManagedIdentity } from "./managed-identity";
import { isCredentialPurpose, secretName, stackScopedName, type SecretPurpose } from "../model/naming";
import type { ResourceServicePrincipals } from "./resource-service-principals";
import { RoleAssignments } from "./role-assignments";
import type { CredentialSummary, WorkloadSummary } from "../model/summary";
import type { FederatedCredential, WorkloadSpec } from "../model/workload-spec";
import type { StackPrincipals } from "./exposed-api";
import { SecretReaders } from "./secret-readers";
import * as azuread from "@pulumi/azuread";

export interface WorkloadArgs {
  /** What the workload asks for, validated and resolved (see stacks/manifest). */
  spec: WorkloadSpec;
  /** Where the workload's client id, tenant id and credentials are stored. */
  keyVault: WorkloadVault;
  tenantId: pulumi.Output<TenantId>;
  /** Stack name: part of display names and role assignment GUIDs. */
  stack: string;
  /** Shared look-ups of the APIs' service principals. */
  resourceServicePrincipals: ResourceServicePrincipals;
  /** Owners of the workload's application and service principal: the deployer plus `spec.owners`, verified at deploy. */
  owners: DirectoryOwners;
  /** The stack's `workloads` export from its previous deployment: what each rotating pair issued. @default none: a first deployment */
  previous?: pulumi.Input<unknown>;
  /** Clock for rotation epochs. @default the system clock */
  now?: () => Date;
  /** The stack's workloads by name: this one registers itself; APIs and secret readers naming others resolve here. @default none (no references) */
  stackPrincipals?: StackPrincipals;
}

/**
 * One workload's complete identity from one manifest entry: an app registration (or a managed identity), its
 * credentials, consented API permissions, Azure roles and the Key Vault secrets it authenticates with.
 * Outputs carry ids, dates and names — never a secret value.
 */
export class Workload extends pulumi.ComponentResource {
  readonly clientId: pulumi.Output<ClientId>;
  /** Applications only. */
  readonly applicationObjectId?: pulumi.Output<ApplicationObjectId>;
  readonly servicePrincipalObjectId: pulumi.Output<ServicePrincipalObjectId>;
  readonly tenantId: pulumi.Output<TenantId>;
  readonly credentials: CredentialSummary[] = [];
  /** Rotating pairs' members: resolve once the pair and its Key Vault secret are written, so the export records only what happened. */
  private readonly rotating: pulumi.Output<CredentialSummary[]>[] = [];
  readonly keyVaultSecrets: string[] = [];
  private readonly storedSecrets: { name: string; resource: pulumi.CustomResource & { id: pulumi.Output<string> } }[] = [];
  /** Present when some permission waits for an administrator's consent. */
  readonly adminConsentUrl?: pulumi.Output<string>;
  readonly summary: pulumi.Output<WorkloadSummary>;

  constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    super("entra-workloads:index:Workload", name, {}, opts);
    const { spec, stack } = args;
    const federated = spec.credentials.filter((c): c is FederatedCredential => c.type === "federated");
    let federationTarget: FederationTarget;

    if (spec.kind === "application") {
      const app = new EntraApplication(name, {
        displayName: spec.displayName ?? stackScopedName(name, stack),
        description: spec.description,
        owners: args.owners.forWorkload(name, spec.owners, this),
        tags: Object.entries(spec.tags).map(([k, v]) => `${k}:${v}`),
        notes: `Workload identity managed by entra-workloads (stack ${stack}); change it in stacks/Pulumi.${stack}.yaml, not in the portal.`,
        requiredResourceAccesses: requiredResourceAccesses(spec.apiPermissions, args.resourceServicePrincipals, args.stackPrincipals),
        redirectUris: spec.redirectUris,
        expose: spec.expose,
        signIn: spec.signIn,
        serviceManagementReference: spec.serviceManagementReference,
        groupMembershipClaims: spec.groupMembershipClaims,
        adopt: spec.adopt?.servicePrincipalImportId === undefined ? undefined : { application: spec.adopt.importId, servicePrincipal: spec.adopt.servicePrincipalImportId },
      }, { parent: this });
      this.clientId = app.clientId;
      this.applicationObjectId = app.objectId;
      this.servicePrincipalObjectId = app.servicePrincipalObjectId;
      this.tenantId = args.tenantId;
      federationTarget = { kind: "application", applicationId: app.resourceId };
      // Flexible federated credentials (applications only; model/flexible-federated.ts). display_name is ForceNew in the
      // provider (application_flexible_federated_identity_credential_resource.go): the old one goes first.
      for (const cred of spec.flexibleFederatedCredentials ?? []) {
        new azuread.ApplicationFlexibleFederatedIdentityCredential(`${name}-ffic-${cred.name}`, {
          applicationId: app.resourceId,
          displayName: cred.name,
          issuer: cred.issuer,
          claimsMatchingExpression: cred.claimsMatchingExpression,
          audience: cred.audience,
        }, { parent: this, deleteBeforeReplace: true });
        this.credentials.push({ type: "federated", name: `${name}-ffic-${cred.name}`, issuer: cred.issuer, subject: cred.claimsMatchingExpression });
      }
      this.declareRotatingCredentials(name, spec, app, args);
      this.storeSecret(name, "tenant-id", this.tenantId, args.keyVault, identifierExpiry((args.now ?? (() => new Date()))()));
      if (spec.apiPermissions.some((a) => !a.adminConsent)) {
        this.adminConsentUrl = pulumi.all([this.tenantId, this.clientId]).apply(([t, c]) => adminConsentUrl(t, c));
      }
    } else {
      const identity = new ManagedIdentity(name, {
        identityName: spec.adopt?.resourceName ?? stackScopedName(name, stack),
        resourceGroupName: required(spec.resourceGroupName, name, "resourceGroupName"),
        location: required(spec.location, name, "location"),
        tags: spec.tags,
        adopt: spec.adopt?.importId,
      }, { parent: this });
      this.clientId = identity.clientId;
      this.servicePrincipalObjectId = identity.principalId;
      this.tenantId = identity.tenantId;
      federationTarget = { kind: "managedIdentity", identityName: identity.identityName, resourceGroupName: required(spec.resourceGroupName, name, "resourceGroupName") };
    }
    args.stackPrincipals?.register(name, { clientId: this.clientId, principalObjectId: this.servicePrincipalObjectId });
    this.storeSecret(name, "client-id", this.clientId, args.keyVault, identifierExpiry((args.now ?? (() => new Date()))()));

    if (federated.length > 0) {
      new FederatedCredentials(`${name}-fic`, { target: federationTarget, credentials: federated }, { parent: this });
      for (const cred of federated) {
        this.credentials.push({ type: "federated", name: `${name}-fic-${cred.name}`, issuer: cred.issuer, subject: cred.subject });
      }
    }
    if (spec.roles.length > 0) {
      new RoleAssignments(`${name}-ra`, { principalId: this.servicePrincipalObjectId, roles: spec.roles, stack, workload: { name, kind: spec.kind } }, { parent: this });
    }
    if (spec.apiPermissions.some(needsConsentAsCode)) {
      new ApiAccess(`${name}-consent`, {
        principalObjectId: this.servicePrincipalObjectId,
        apis: spec.apiPermissions,
        resourceServicePrincipals: args.resourceServicePrincipals,
        stackPrincipals: args.stackPrincipals,
      }, { parent: this });
    }
    if (spec.secretReaders && spec.secretReaders.length > 0) {
      if (!args.stackPrincipals) throw new Error(`workloads.${name}.secretReaders needs the stack's principals (pass stackPrincipals)`);
      new SecretReaders(`${name}-readers`, {
        workload: name, stack, readers: spec.secretReaders, secrets: this.storedSecrets, stackPrincipals: args.stackPrincipals,
      }, { parent: this });
    }

    this.summary = this.buildSummary(spec, args.stackPrincipals);
    this.registerOutputs({ summary: this.summary });
  }

  private declareRotatingCredentials(name: string, spec: WorkloadSpec, app: EntraApplication, args: WorkloadArgs): void {
    for (const cred of spec.credentials) {
      if (cred.type !== "secret" && cred.type !== "certificate") continue;
      const settings = { lifetimeDays: cred.lifetimeDays, rotateAfterDays: cred.rotateAfterDays };
      const previous = previousPair(args.previous, spec.name, cred.type, settings);
      const pair = cred.type === "secret"
        ? new ClientSecret(`${name}-secret`, { applicationId: app.resourceId, ...settings, previous, now: args.now }, { parent: this })
        : new Certificate(`${name}-cert`, { applicationId: app.resourceId, commonName: stackScopedName(name, args.stack), ...settings, previous, now: args.now }, { parent: this });
      const { expires, tags } = keyVaultAnnouncement(pair.rotation);
      const stored = pair instanceof ClientSecret
        ? this.storeSecret(name, "client-secret", pair.value, args.keyVault, expires, undefined, tags)
        : this.storeSecret(name, "certificate", pair.pem, args.keyVault, expires, "application/x-pem-file", tags);
      const type = cred.type;
      this.rotating.push(pulumi.all([pair.members, stored.resource.id]).apply(([members]) => members.map((m) => memberSummary(type, m, stored.name))));
    }
  }

  private storeSecret(
    name: string,
    purpose: SecretPurpose,
    value: pulumi.Input<string>,
    vault: WorkloadVault,
    expires?: pulumi.Input<string>,
    contentType?: string,
    tags?: pulumi.Input<Record<string, string>>,
  ): { name: string; resource: pulumi.CustomResource } {
    const stored = secretName(name, purpose);
    const resource = vault.secret(`${name}-kv-${purpose}`, { secretName: stored, value, sensitive: isCredentialPurpose(purpose), expires, contentType, tags }, this);
    this.keyVaultSecrets.push(stored);
    this.storedSecrets.push({ name: stored, resource });
    return { name: stored, resource };
  }

  private buildSummary(spec: WorkloadSpec, stackPrincipals?: StackPrincipals): pulumi.Output<WorkloadSummary> {
    // The client ids of the stack's APIs this workload calls, for the summary's apiAppId (the manifest knows only their names).
    const stackApis = [...new Set(spec.apiPermissions.flatMap((a) => (a.stackApi === undefined ? [] : [a.stackApi])))];
    const stackApiIds = pulumi.all(stackApis.map((n) => stackPrincipals?.get(n).clientId ?? pulumi.output("")));
    return pulumi.all([this.clientId, this.applicationObjectId, this.servicePrincipalObjectId, this.tenantId, this.adminConsentUrl, pulumi.all(this.rotating), stackApiIds])
      .apply(([clientId, applicationObjectId, servicePrincipalObjectId, tenantId, consentUrl, rotating, apiIds]) => ({
        name: spec.name,
        kind: spec.kind,
        ...(spec.description === undefined ? {} : { description: spec.description }),
        clientId,
        ...(applicationObjectId === undefined ? {} : { applicationObjectId }),
        servicePrincipalObjectId,
        tenantId,
        credentials: [...rotating.flat(), ...this.credentials],
        apiPermissions: apiPermissionGrants(spec.apiPermissions).map((g) =>
          (g.stackApi === undefined ? g : { ...g, apiAppId: apiIds[stackApis.indexOf(g.stackApi)] ?? "" })),
        roleAssignments: roleAssignmentGrants(spec.roles),
        tokenAudiences: tokenAudiences(spec.apiPermissions),
        keyVaultSecrets: this.keyVaultSecrets,
        ...(consentUrl === undefined ? {} : { adminConsentUrl: consentUrl }),
        ...(spec.secretReaders === undefined || spec.secretReaders.length === 0 ? {} : { secretReaders: secretReaderSummaries(spec.secretReaders, this.keyVaultSecrets) }),
        ...(spec.signIn === undefined ? {} : {
          signIn: {
            appRoleAssignmentRequired: spec.signIn.appRoleAssignmentRequired,
            assignments: spec.signIn.assignments.map((a) => ({ objectId: a.objectId, principalType: a.principalType, ...(a.role === undefined ? {} : { role: a.role }) })),
          },
        }),
        ...(spec.expose === undefined ? {} : {
          exposes: {
            identifierUri: spec.expose.identifierUri ?? defaultIdentifierUri(clientId),
            appRoles: spec.expose.appRoles.map((r) => ({ value: r.value, id: r.id, allowedMemberTypes: r.allowedMemberTypes })),
            scopes: spec.expose.scopes.map((s) => ({ value: s.value, id: s.id })),
          },
        }),
      }));
  }
}

function memberSummary(type: "secret" | "certificate", m: RotatingMember, keyVaultSecret: string): CredentialSummary {
  return {
    type, name: m.name, endDate: m.endDate, newest: m.newest, slot: m.slot, epoch: m.epoch, issuedAt: m.issuedAt,
    ...(m.rotatesOn === undefined ? {} : { rotatesOn: m.rotatesOn }),
    ...(m.retiresOn === undefined ? {} : { retiresOn: m.retiresOn }),
    ...(m.newest ? { keyVaultSecret } : {}),
  };
}

function required(value: string | undefined, workload: string, field: string): string {
  if (value === undefined) throw new Error(`workloads.${workload}.${field} is required for a managed identity`);
  return value;
}
