import * as pulumi from "@pulumi/pulumi";
import * as azuread from "@pulumi/azuread";
import { DirectoryOwners, previousDeployment, ResourceServicePrincipals, Workload, WorkloadVault } from "./components";
import { StackPrincipals } from "./components/exposed-api";
import type { TenantId } from "./model/ids";
import type { WorkloadSummary } from "./model/summary";
import { ManifestError, parseManifest, readManifestConfig, type Problem } from "./stacks/manifest";
import { configKeyFindings } from "./stacks/manifest/checks/config-keys";
import { offlineClock } from "./stacks/manifest/offline-clock";

// The manifest lives in the stack file (stacks/Pulumi.<stack>.yaml): validate all of it before declaring anything.
const config = new pulumi.Config("entra-workloads");
const stack = pulumi.getStack();
const parsed = parseManifest(
  readManifestConfig(config),
  { location: new pulumi.Config("azure-native").get("location"), stack },
);
// A misspelt key would silently drop owners or tags, and a pinned clock would freeze rotation: refuse both, as the
// offline preview does for a stack file (preview/runtime/stack-file.ts).
const keyProblems: Problem[] = configKeyFindings(Object.keys(pulumi.runtime.allConfig())).map((f) => ({ path: `config ${f.key}`, message: f.message }));
const problems = [...keyProblems, ...parsed.errors];
for (const warning of parsed.warnings) void pulumi.log.warn(`${warning.path}: ${warning.message}`);
if (!parsed.manifest || problems.length > 0) throw new ManifestError(problems);
const manifest = parsed.manifest;
// Only the offline preview pins the clock (--now); under `pulumi up` it is the system clock.
const pinned = offlineClock();
const now = pinned ? () => pinned : () => new Date();

const clientConfig = azuread.getClientConfigOutput();
const tenantId = clientConfig.tenantId as pulumi.Output<TenantId>;
const keyVault = new WorkloadVault("key-vault", { ...manifest.keyVault, tenantId });
const resourceServicePrincipals = new ResourceServicePrincipals();
// The deployer always owns what it creates (the azuread provider would otherwise remove it): see DirectoryOwners.
const owners = new DirectoryOwners(clientConfig.objectId);

// What the last deployment issued, read back from the stack's own outputs: rotation moves at most one slot per run.
const previous = previousDeployment("workloads");

// Workloads refer to each other by name (apiPermissions[].api, secretReaders), in any declaration order.
const stackPrincipals = new StackPrincipals();
const declared = manifest.workloads.map((spec) =>
  new Workload(spec.name, { spec, keyVault, tenantId, stack, resourceServicePrincipals, owners, previous, now, stackPrincipals }));

/** Per workload: ids, credential end dates, permissions, roles and Key Vault secret names — never a secret value. */
export const workloads: pulumi.Output<Record<string, WorkloadSummary>> = pulumi
  .all(declared.map((w) => w.summary))
  .apply((summaries) => Object.fromEntries(summaries.map((s) => [s.name, s])));
export const keyVaultName = keyVault.vaultName;
