import type { PlanFile, PlanResource, PlanWorkload } from "../plan/plan-file";
import { workloadSummarySchema } from "../../model/summary";
import { InputError } from "../files";
import { readStackOutputs } from "../stack-outputs";
import { sameId, servicePrincipalOf, type ArmUserAssignedIdentity, type GraphApplication, type GraphServicePrincipal, type TenantSnapshot } from "./snapshot";

/** Resource types whose registrations name a workload's identity in plan.json. */
export const APPLICATION_TYPE = "azuread:index/application:Application";
export const SERVICE_PRINCIPAL_TYPE = "azuread:index/servicePrincipal:ServicePrincipal";
export const IDENTITY_TYPE = "azure-native:managedidentity:UserAssignedIdentity";

/** The ids a deployed workload has, from `pulumi stack output --json` (`workloads.<name>`). */
export interface DeployedIds {
  clientId?: string;
  applicationObjectId?: string;
  servicePrincipalObjectId?: string;
}

const deployedIdsSchema = workloadSummarySchema.pick({ clientId: true, applicationObjectId: true, servicePrincipalObjectId: true });

/** The ids per workload from a stack outputs file. */
export function readDeployedIds(path: string): Record<string, DeployedIds> {
  return readStackOutputs(path, deployedIdsSchema).workloads;
}

/** What a workload is in the tenant, once found. */
export type TenantIdentity =
  | { kind: "application"; application: GraphApplication; servicePrincipal?: GraphServicePrincipal; matchedBy: string }
  | { kind: "managedIdentity"; identity: ArmUserAssignedIdentity; matchedBy: string };

/** The plan's registration of a workload's resource by its logical name (`<workload>-app`, `-sp`, `-identity`). */
export function workloadResource(plan: PlanFile, workload: string, type: string, suffix: string): PlanResource | undefined {
  return plan.resources.find((r) => r.type === type && r.name === `${workload}-${suffix}`);
}

function lastSegment(id: string): string {
  return id.replace(/\/+$/, "").split("/").pop() ?? id;
}

function findApplication(snapshot: TenantSnapshot, plan: PlanFile, w: PlanWorkload, ids?: DeployedIds): TenantIdentity | undefined {
  const declared = workloadResource(plan, w.name, APPLICATION_TYPE, "app");
  let application: GraphApplication | undefined;
  let matchedBy = "";
  if (ids?.applicationObjectId) {
    application = snapshot.applications.find((a) => sameId(a.id, ids.applicationObjectId));
    matchedBy = `application object id ${ids.applicationObjectId} (stack outputs)`;
  } else if (ids?.clientId) {
    application = snapshot.applications.find((a) => sameId(a.appId, ids.clientId));
    matchedBy = `client id ${ids.clientId} (stack outputs)`;
  } else if (declared?.import) {
    application = snapshot.applications.find((a) => sameId(a.id, lastSegment(declared.import as string)));
    matchedBy = `import id ${declared.import}`;
  } else if (typeof declared?.inputs.displayName === "string") {
    const named = snapshot.applications.filter((a) => a.displayName === declared.inputs.displayName);
    if (named.length > 1) throw new InputError(`workload ${w.name}: ${named.length} applications in the snapshot are named "${declared.inputs.displayName}"; pass --outputs so they are matched by id`);
    application = named[0];
    matchedBy = `display name "${declared.inputs.displayName}"`;
  }
  if (!application) return undefined;
  const servicePrincipal = ids?.servicePrincipalObjectId
    ? snapshot.servicePrincipals.find((sp) => sameId(sp.id, ids.servicePrincipalObjectId))
    : servicePrincipalOf(snapshot, application.appId);
  return { kind: "application", application, servicePrincipal, matchedBy };
}

function findIdentity(snapshot: TenantSnapshot, plan: PlanFile, w: PlanWorkload, ids?: DeployedIds): TenantIdentity | undefined {
  const declared = workloadResource(plan, w.name, IDENTITY_TYPE, "identity");
  if (ids?.servicePrincipalObjectId) {
    const identity = snapshot.userAssignedIdentities.find((i) => sameId(i.properties.principalId, ids.servicePrincipalObjectId));
    return identity && { kind: "managedIdentity", identity, matchedBy: `principal id ${ids.servicePrincipalObjectId} (stack outputs)` };
  }
  if (declared?.import) {
    const identity = snapshot.userAssignedIdentities.find((i) => sameId(i.id, declared.import));
    return identity && { kind: "managedIdentity", identity, matchedBy: `import id ${declared.import}` };
  }
  const name = declared?.inputs.resourceName;
  const group = declared?.inputs.resourceGroupName;
  if (typeof name !== "string" || typeof group !== "string") return undefined;
  const suffix = `/resourcegroups/${group}/providers/microsoft.managedidentity/userassignedidentities/${name}`.toLowerCase();
  const identity = snapshot.userAssignedIdentities.find((i) => i.id.toLowerCase().endsWith(suffix));
  return identity && { kind: "managedIdentity", identity, matchedBy: `name ${name} in resource group ${group}` };
}

/**
 * Finds each managed workload in the snapshot: by the ids the stack outputs give when there are some, else by the
 * import id the plan carries (adopted workloads), else by the display name (applications) or the resource name and
 * group (managed identities) the plan declares.
 */
export function matchWorkload(snapshot: TenantSnapshot, plan: PlanFile, w: PlanWorkload, ids?: DeployedIds): TenantIdentity | undefined {
  return w.kind === "application" ? findApplication(snapshot, plan, w, ids) : findIdentity(snapshot, plan, w, ids);
}
