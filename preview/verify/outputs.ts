import { workloadSummarySchema } from "../../model/summary";
import { readStackOutputs, type StackOutputs } from "../stack-outputs";

/** What verify needs of one deployed workload: its ids, picked from the workload summary (model/summary.ts). */
const deployedIds = workloadSummarySchema.pick({ clientId: true, tenantId: true, servicePrincipalObjectId: true });

export type DeployedStack = StackOutputs<{ clientId: string; tenantId: string; servicePrincipalObjectId: string }>;
export type DeployedWorkload = DeployedStack["workloads"][string];

/** The ids and vault name `pulumi stack output --json` printed for our program. */
export function loadDeployed(path: string): DeployedStack {
  return readStackOutputs(path, deployedIds);
}
