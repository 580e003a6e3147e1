import { readFileSync } from "node:fs";
import { z } from "zod";
import type { PlanFile } from "../plan-types";

/** Input a command cannot use: a missing file, bad JSON, or JSON that is not what it should be. One line, no stack. */
export class InputError extends Error {
  override readonly name = "InputError";
}

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "expected an ISO-8601 date");

const credential = z.looseObject({
  type: z.enum(["secret", "certificate", "federated"]),
  name: z.string(),
  endDate: isoDate.optional(),
  newest: z.boolean().optional(),
  slot: z.enum(["blue", "green"]).optional(),
  epoch: z.number().optional(),
  issuer: z.string().optional(),
  subject: z.string().optional(),
  keyVaultSecret: z.string().optional(),
});

/** A credential as both `plan.json` and the stack outputs carry it. */
export const credentialSchema = credential;

const apiPermission = z.looseObject({
  api: z.string(),
  apiAppId: z.string(),
  kind: z.enum(["application", "delegated"]),
  name: z.string(),
  id: z.string().nullable(),
  privilegeLevel: z.number().nullable(),
  adminConsent: z.boolean(),
});

const roleAssignment = z.looseObject({
  role: z.string(),
  roleDefinitionId: z.string(),
  scope: z.string(),
  privileged: z.boolean(),
});

const workload = z.looseObject({
  name: z.string().min(1),
  kind: z.enum(["application", "managedIdentity"]),
  description: z.string().optional(),
  credentials: z.array(credential),
  apiPermissions: z.array(apiPermission),
  roleAssignments: z.array(roleAssignment),
  keyVaultSecrets: z.array(z.string()),
  adminConsentUrl: z.string().optional(),
});

const violation = z.looseObject({
  policy: z.string(),
  enforcement: z.enum(["mandatory", "advisory"]),
  urn: z.string(),
  message: z.string(),
  workload: z.string().optional(),
  waiver: z.string().optional(),
});

const resource = z.looseObject({
  urn: z.string(),
  type: z.string(),
  name: z.string(),
  parent: z.string().optional(),
  dependsOn: z.array(z.string()),
  inputs: z.record(z.string(), z.unknown()),
  import: z.string().optional(),
});

const planSchema = z.looseObject({
  stack: z.string().min(1),
  project: z.string(),
  generatedAt: isoDate,
  resources: z.array(resource),
  workloads: z.array(workload),
  violations: z.array(violation),
  summary: z.looseObject({
    resources: z.number(),
    byType: z.record(z.string(), z.number()),
    criticalPath: z.number(),
  }),
});

// Keeps the schema honest: it must produce exactly the contract in plan-types.ts.
const _schemaMatchesContract: z.ZodType<PlanFile> = planSchema;

/** `workloads[2].credentials[0].type` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    out += typeof key === "number" ? `[${key}]` : `${out === "" ? "" : "."}${String(key)}`;
  }
  return out === "" ? "(top level)" : out;
}

/** Reads and parses a JSON file, or throws an `InputError` naming the file and the cause. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      code === "ENOENT" ? `${path}: no such file` : code === "EISDIR" ? `${path}: is a directory, not a file` : `${path}: cannot read (${code ?? String(err)})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${path}: not JSON (${(err as Error).message.split("\n")[0]})`);
  }
}

/** Validates parsed JSON as a `plan.json`, or throws an `InputError` with the first offending path. */
export function parsePlan(data: unknown, source: string): PlanFile {
  const result = planSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? `${formatPath(issue.path)}: ${issue.message}` : "invalid";
    throw new InputError(`${source}: not a plan.json written by \`npm run plan\` (${where})`);
  }
  return result.data;
}

/** Loads and validates a `plan.json`. */
export function loadPlan(path: string): PlanFile {
  return parsePlan(readJsonFile(path), path);
}

/** An empty plan for a stack that does not exist on one side (a stack added or deleted by the change). */
export function emptyPlan(stack: string, generatedAt: string, project = "entra-workloads"): PlanFile {
  return {
    stack,
    project,
    generatedAt,
    resources: [],
    workloads: [],
    violations: [],
    summary: { resources: 0, byType: {}, criticalPath: 0 },
  };
}
