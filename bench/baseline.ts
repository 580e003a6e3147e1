// The baseline of `npm run bench`: the resources a stack file's workloads need, registered directly with the
// provider SDKs under the same Azure simulator mocks as the offline preview — no components of ours, no manifest
// validation, no policies, no plan or report. What is left is what the Pulumi runtime itself costs.
//
//   node --import tsx bench/baseline.ts --stack-file FILE --now ISO-8601 [--default-stacks]
//
// Prints `{"resources": N}` (custom resources registered) on stdout.
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as tls from "@pulumi/tls";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime/mocks";
import { api, expectFound, role, roleDefinitionResourceId } from "../model/catalog";
import { deterministicGuid } from "../model/naming";
import { rotationPlan } from "../model/rotation";
import { readStackFile } from "../preview/runtime/stack-file";
import { AzureSimulator } from "../simulator";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };

interface RawCredential { type: "secret" | "certificate" | "federated"; name?: string; issuer?: string; subject?: string; lifetimeDays?: number; rotateAfterDays?: number }
interface RawApi { api: string; application?: string[]; delegated?: string[]; adminConsent?: boolean }
interface RawWorkload {
  type?: "application" | "managedIdentity";
  description?: string;
  resourceGroupName?: string;
  credentials?: RawCredential[];
  apiPermissions?: RawApi[];
  roles?: { role: string; scope: string }[];
  web?: { redirectUris: string[] };
}

const DAY = 86_400_000;

function declare(config: Record<string, string>, now: Date, stack: string): void {
  const vaultSpec = JSON.parse(config["entra-workloads:keyVault"]) as { name: string; resourceGroupName: string; create?: boolean };
  const defaults = JSON.parse(config["entra-workloads:defaults"] ?? "{}") as { owners?: string[]; tags?: Record<string, string> };
  const workloads = JSON.parse(config["entra-workloads:workloads"]) as Record<string, RawWorkload>;
  const location = config["azure-native:location"];
  const owners = defaults.owners ?? [];
  const tenantId = azuread.getClientConfigOutput().tenantId;

  const vaultName = vaultSpec.create
    ? new keyvault.Vault("key-vault-vault", {
      vaultName: vaultSpec.name, resourceGroupName: vaultSpec.resourceGroupName, location,
      properties: { tenantId, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true, enablePurgeProtection: true, enableSoftDelete: true, softDeleteRetentionInDays: 90 },
    }).name
    : pulumi.output(vaultSpec.name);
  const vaultSecret = (name: string, value: pulumi.Input<string>, sensitive: boolean, expires?: string) => new keyvault.Secret(name, {
    vaultName, resourceGroupName: vaultSpec.resourceGroupName, secretName: name.replace("-kv-", "-"),
    properties: { value: sensitive ? pulumi.secret(value) : value, contentType: "text/plain", attributes: { enabled: true, expires: expires ? Math.floor(Date.parse(expires) / 1000) : undefined } },
  });

  // What the toolkit does too: the APIs' service principals as resources (useExisting: a tenant may lack one).
  const servicePrincipals = new Map<string, azuread.ServicePrincipal>();
  const apiSp = (appId: string) => {
    let sp = servicePrincipals.get(appId);
    if (!sp) servicePrincipals.set(appId, sp = new azuread.ServicePrincipal(`resource-sp-${appId}`, { clientId: appId, useExisting: true }, { retainOnDelete: true }));
    return sp;
  };

  for (const [name, w] of Object.entries(workloads)) {
    const credentials = w.credentials ?? [];
    const apis = (w.apiPermissions ?? []).map((a) => ({ ...a, api: expectFound(api(a.api)) }));
    let principalId: pulumi.Output<string>;
    let clientId: pulumi.Output<string>;
    if (w.type === "managedIdentity") {
      const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, {
        resourceName: `${name}-${stack}`, resourceGroupName: w.resourceGroupName ?? "", location, tags: defaults.tags,
      });
      principalId = identity.principalId;
      clientId = identity.clientId;
      for (const c of credentials.filter((x) => x.type === "federated")) {
        new managedidentity.FederatedIdentityCredential(`${name}-fic-${c.name}`, {
          resourceName: identity.name, resourceGroupName: w.resourceGroupName ?? "", federatedIdentityCredentialResourceName: c.name,
          issuer: c.issuer ?? "", subject: c.subject ?? "", audiences: ["api://AzureADTokenExchange"],
        });
      }
    } else {
      const app = new azuread.Application(`${name}-app`, {
        displayName: `${name}-${stack}`, description: w.description, owners, notes: "baseline",
        tags: Object.entries(defaults.tags ?? {}).map(([k, v]) => `${k}:${v}`),
        preventDuplicateNames: true, signInAudience: "AzureADMyOrg",
        requiredResourceAccesses: apis.filter((a) => a.api && (a.application?.length ?? 0) + (a.delegated?.length ?? 0) > 0).map((a) => ({
          resourceAppId: a.api?.appId ?? "",
          resourceAccesses: [
            ...(a.application ?? []).map((p) => ({ id: a.api?.permissions.application.get(p)?.id ?? "", type: "Role" })),
            ...(a.delegated ?? []).map((p) => ({ id: a.api?.permissions.delegated.get(p)?.id ?? "", type: "Scope" })),
          ],
        })),
        web: w.web ? { redirectUris: w.web.redirectUris, implicitGrant: { accessTokenIssuanceEnabled: false, idTokenIssuanceEnabled: false } } : undefined,
      });
      const sp = new azuread.ServicePrincipal(`${name}-sp`, { clientId: app.clientId, owners, notes: "baseline" });
      principalId = sp.objectId;
      clientId = app.clientId;
      vaultSecret(`${name}-kv-tenant-id`, tenantId, false);
      for (const c of credentials) {
        if (c.type === "federated") {
          new azuread.ApplicationFederatedIdentityCredential(`${name}-fic-${c.name}`, {
            applicationId: app.id, displayName: c.name ?? "", issuer: c.issuer ?? "", subject: c.subject ?? "", audiences: ["api://AzureADTokenExchange"],
          });
          continue;
        }
        const lifetime = c.lifetimeDays ?? (c.type === "secret" ? 90 : 180);
        const plan = rotationPlan(now, lifetime, c.rotateAfterDays ?? (c.type === "secret" ? 30 : 60));
        const values = plan.members.map((m) => {
          if (c.type === "secret") {
            return new azuread.ApplicationPassword(`${name}-secret-${m.slot}`, {
              applicationId: app.id, displayName: `${m.slot} (rotation epoch ${m.epoch})`, endDate: m.endDate, rotateWhenChanged: { epoch: String(m.epoch) },
            }).value;
          }
          const key = new tls.PrivateKey(`${name}-cert-${m.slot}-key`, { algorithm: "RSA", rsaBits: 3072 });
          const cert = new tls.SelfSignedCert(`${name}-cert-${m.slot}-cert`, {
            privateKeyPem: key.privateKeyPem, subject: { commonName: `${name}-${stack}` }, validityPeriodHours: lifetime * 24, allowedUses: ["digital_signature", "key_encipherment"],
          });
          new azuread.ApplicationCertificate(`${name}-cert-${m.slot}`, { applicationId: app.id, type: "AsymmetricX509Cert", encoding: "pem", value: cert.certPem, endDate: m.endDate });
          return pulumi.interpolate`${key.privateKeyPem}${cert.certPem}`;
        });
        const newest = plan.members.indexOf(plan.newest);
        vaultSecret(`${name}-kv-${c.type === "secret" ? "client-secret" : "certificate"}`, values[newest], true, new Date(Date.parse(plan.newest.issuedAt) + lifetime * DAY).toISOString());
      }
      for (const a of apis.filter((x) => x.api && x.adminConsent !== false)) {
        const resource = apiSp(a.api?.appId ?? "");
        for (const p of a.application ?? []) {
          new azuread.AppRoleAssignment(`${name}-consent-${p}`, { appRoleId: resource.appRoleIds.apply((ids) => ids[p]), principalObjectId: principalId, resourceObjectId: resource.objectId });
        }
        if ((a.delegated ?? []).length > 0) {
          new azuread.ServicePrincipalDelegatedPermissionGrant(`${name}-consent-delegated`, {
            servicePrincipalObjectId: principalId, resourceServicePrincipalObjectId: resource.objectId, claimValues: a.delegated ?? [],
          });
        }
      }
    }
    vaultSecret(`${name}-kv-client-id`, clientId, false);
    (w.roles ?? []).forEach((grant, i) => {
      const definition = expectFound(role(grant.role));
      new authorization.RoleAssignment(`${name}-ra-${i}`, {
        roleAssignmentName: deterministicGuid(stack, name, String(i), grant.scope), principalId, principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinitionResourceId(definition.id, grant.scope), scope: grant.scope,
      });
    });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "stack-file": { type: "string" }, now: { type: "string" }, "default-stacks": { type: "boolean" } }, strict: true });
  const stackFile = readStackFile(values["stack-file"] ?? "stacks/Pulumi.dev.yaml");
  const now = new Date(values.now ?? "2026-01-01T00:00:00Z");
  const simulator = new AzureSimulator({ now });
  let custom = 0;
  const failures: string[] = [];
  const counting = {
    newResource: (args: MockResourceArgs) => {
      try {
        const result = simulator.newResource(args);
        if (args.custom !== false) custom++;
        return result;
      } catch (error) {
        failures.push(`${args.name}: ${(error as Error).message.split("\n")[0]}`);
        throw error;
      }
    },
    call: simulator.call.bind(simulator),
  };
  // The preview's runtime hosting (preview/runtime/run-program.ts): no source maps, no per-promise stack frames.
  // `--default-stacks` keeps Node's and tsx's defaults, to show what that hosting saves.
  if (!values["default-stacks"]) {
    Error.stackTraceLimit = 0;
    process.setSourceMapsEnabled(false);
  }
  await pulumi.runtime.setMocks(counting, "entra-workloads", stackFile.stackName, false, "organization");
  pulumi.runtime.setAllConfig(stackFile.config);
  declare(stackFile.config, now, stackFile.stackName);
  await waitForRPCs();
  if (failures.length > 0) throw new Error(`the simulator rejected ${failures.length} baseline resource(s), e.g. ${failures[0]}`);
  console.log(JSON.stringify({ resources: custom }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`baseline failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
