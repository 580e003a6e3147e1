import { z } from "zod";
import type { CredentialSummary } from "../../model/summary";
import { credentialSchema, formatPath, InputError, loadPlan, readJsonFile } from "../diff/load";

/** The credentials of one workload, whichever file they came from. */
export interface WatchedWorkload {
  name: string;
  credentials: CredentialSummary[];
}

/** What the watch reads: a plan or the stack outputs, reduced to credentials per workload. */
export interface WatchInput {
  /** Stack name when the file says (plans do; stack outputs do not). */
  stack?: string;
  workloads: WatchedWorkload[];
}

/** Credentials per workload from a `plan.json`. */
export function fromPlan(path: string): WatchInput {
  const plan = loadPlan(path);
  return { stack: plan.stack, workloads: plan.workloads.map((w) => ({ name: w.name, credentials: w.credentials })) };
}

const outputsSchema = z.looseObject({
  workloads: z.record(z.string(), z.looseObject({ credentials: z.array(credentialSchema) })),
});

/** Credentials per workload from what `pulumi stack output --json` printed for our program. */
export function parseOutputs(data: unknown, source: string): WatchInput {
  if (data !== null && typeof data === "object" && (data as { workloads?: unknown }).workloads === "[secret]") {
    throw new InputError(`${source}: the workloads output is masked as [secret]; it should carry no secret values — check the program's exports`);
  }
  const result = outputsSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? `${formatPath(issue.path)}: ${issue.message}` : "invalid";
    throw new InputError(`${source}: not the output of \`pulumi stack output --json\` for this program (${where})`);
  }
  return {
    workloads: Object.entries(result.data.workloads)
      .map(([name, w]) => ({ name, credentials: w.credentials }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Loads a stack outputs file (`pulumi stack output --json > outputs.json`). */
export function fromOutputs(path: string): WatchInput {
  return parseOutputs(readJsonFile(path), path);
}
