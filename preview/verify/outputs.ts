import { z } from "zod";
import { formatPath, InputError, readJsonFile } from "../diff/load";

/** What verify needs of one deployed workload (`model/summary.ts` WorkloadSummary). */
export interface DeployedWorkload {
  clientId: string;
  tenantId: string;
  servicePrincipalObjectId: string;
}

export interface DeployedStack {
  keyVaultName?: string;
  workloads: Record<string, DeployedWorkload>;
}

const schema = z.looseObject({
  keyVaultName: z.string().optional(),
  workloads: z.record(z.string(), z.looseObject({ clientId: z.string().min(1), tenantId: z.string().min(1), servicePrincipalObjectId: z.string().min(1) })),
});

/** The ids `pulumi stack output --json` printed for our program. */
export function parseDeployed(data: unknown, source: string): DeployedStack {
  if (data !== null && typeof data === "object" && (data as { workloads?: unknown }).workloads === "[secret]") {
    throw new InputError(`${source}: the workloads output is masked as [secret]; it should carry no secret values — check the program's exports`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(`${source}: not the output of \`pulumi stack output --json\` for this program (${issue ? `${formatPath(issue.path)}: ${issue.message}` : "invalid"})`);
  }
  const workloads = Object.fromEntries(Object.entries(result.data.workloads)
    .map(([name, w]) => [name, { clientId: w.clientId, tenantId: w.tenantId, servicePrincipalObjectId: w.servicePrincipalObjectId }]));
  return { ...(result.data.keyVaultName ? { keyVaultName: result.data.keyVaultName } : {}), workloads };
}

export function loadDeployed(path: string): DeployedStack {
  return parseDeployed(readJsonFile(path), path);
}
