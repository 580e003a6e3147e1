import { z } from "zod";
import { InputError, readJsonFile, validated } from "./files";

/**
 * What `pulumi stack output --json` prints for this program: `workloads` (one model/summary.ts WorkloadSummary per
 * workload) and `keyVaultName`. Each reader validates the part of the summary it uses, picked from that one schema
 * (`workloadSummarySchema.pick({ credentials: true })`), so an export written before a field existed still reads for
 * what it does have.
 */
export interface StackOutputs<W> {
  keyVaultName?: string;
  workloads: Record<string, W>;
}

/** The outputs of `source`, every workload validated by `workload`. */
export function parseStackOutputs<S extends z.ZodType>(data: unknown, source: string, workload: S): StackOutputs<z.output<S>> {
  if (data !== null && typeof data === "object" && (data as { workloads?: unknown }).workloads === "[secret]") {
    throw new InputError(`${source}: the workloads output is masked as [secret]; it should carry no secret values — check the program's exports`);
  }
  const schema = z.object({ keyVaultName: z.string().optional(), workloads: z.record(z.string(), workload) });
  const parsed = validated(schema, data, (where) => `${source}: not the output of \`pulumi stack output --json\` for this program (${where})`);
  return { ...(parsed.keyVaultName ? { keyVaultName: parsed.keyVaultName } : {}), workloads: parsed.workloads };
}

/** Reads a stack outputs file (`pulumi stack output --json > outputs.json`). */
export function readStackOutputs<S extends z.ZodType>(path: string, workload: S): StackOutputs<z.output<S>> {
  return parseStackOutputs(readJsonFile(path), path, workload);
}
