import { workloadSummarySchema, type CredentialSummary } from "../../model/summary";
import { readBoundedJson } from "../../model/input-file";
import { InputError } from "../files";
import { parsePlan } from "../plan/plan-file";
import { parseStackOutputs } from "../stack-outputs";

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

/** A JSON input within its bounds (model/input-file.ts): a device, FIFO, huge or deeply nested file is refused unread. */
function boundedJson(path: string): unknown {
  const read = readBoundedJson(path);
  if (read.problem !== undefined) throw new InputError(read.problem);
  return read.value;
}

/** Credentials per workload from a `plan.json`. */
export function fromPlan(path: string): WatchInput {
  const plan = parsePlan(boundedJson(path), path);
  return { stack: plan.stack, workloads: plan.workloads.map((w) => ({ name: w.name, credentials: w.credentials })) };
}

const credentialsOnly = workloadSummarySchema.pick({ credentials: true });

/** Credentials per workload from what `pulumi stack output --json` printed for our program. */
export function parseOutputs(data: unknown, source: string): WatchInput {
  const outputs = parseStackOutputs(data, source, credentialsOnly);
  return {
    workloads: Object.entries(outputs.workloads)
      .map(([name, w]) => ({ name, credentials: w.credentials }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Loads a stack outputs file (`pulumi stack output --json > outputs.json`). */
export function fromOutputs(path: string): WatchInput {
  return parseOutputs(boundedJson(path), path);
}
