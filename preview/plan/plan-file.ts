import { z } from "zod";
import { workloadSummarySchema } from "../../model/summary";
import { readJsonFile, validated } from "../files";

/**
 * The contract of `plan.json`, written by `npm run plan` and read by the access diff, the expiry watch, verify and
 * drift. Its workloads are the program's workload summaries (model/summary.ts) without the deployed ids, which the
 * offline plan only simulates. Every reader validates a plan here, once, at load.
 */

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "expected an ISO-8601 date");

/** What an auditor checks per workload that the summary does not carry, read from what Azure would receive. */
export const workloadAuditSchema = z.object({
  /** The application's display name (the managed identity's name). */
  displayName: z.string().optional(),
  /** Ids as the offline simulator made them up: the real ones exist only after `pulumi up`. */
  simulatedIds: z.object({ clientId: z.string().optional(), applicationObjectId: z.string().optional(), servicePrincipalObjectId: z.string().optional() }),
  owners: z.array(z.string()),
  signInAudience: z.string().optional(),
  redirectUris: z.array(z.object({ platform: z.enum(["web", "spa", "publicClient"]), uri: z.string() })),
  federatedTrusts: z.array(z.object({ name: z.string(), issuer: z.string(), subject: z.string(), audiences: z.array(z.string()) })),
  /** Per delegated grant: who it covers (`all users in the tenant` when no user is named). */
  delegatedGrants: z.array(z.object({ name: z.string(), scopes: z.array(z.string()), covers: z.string() })),
  /** What the manifest checks warned about for this workload. */
  warnings: z.array(z.string()).optional(),
});
export type WorkloadAudit = z.output<typeof workloadAuditSchema>;

export const planWorkloadSchema = workloadSummarySchema
  .omit({ clientId: true, applicationObjectId: true, servicePrincipalObjectId: true, tenantId: true })
  // Plans written before token audiences existed have none.
  .extend({ tokenAudiences: workloadSummarySchema.shape.tokenAudiences.optional(), audit: workloadAuditSchema.optional() });
export type PlanWorkload = z.output<typeof planWorkloadSchema>;
export type PlanCredential = PlanWorkload["credentials"][number];
export type PlanApiPermission = PlanWorkload["apiPermissions"][number];
export type PlanRoleAssignment = PlanWorkload["roleAssignments"][number];

export const planResourceSchema = z.object({
  urn: z.string(),
  /** Pulumi type token, e.g. `azuread:index/application:Application`. */
  type: z.string(),
  name: z.string(),
  /** Parent URN; absent for the stack itself. */
  parent: z.string().optional(),
  /** URNs of every resource whose outputs this one's inputs use, plus explicit dependsOn. */
  dependsOn: z.array(z.string()),
  /** Inputs as Azure would receive them; every secret value replaced by "[secret]". */
  inputs: z.record(z.string(), z.unknown()),
  /**
   * Set when `pulumi up` adopts an existing resource instead of creating it: the id Pulumi's `import` resource option
   * reads it by (`/applications/{objectId}`, `/servicePrincipals/{objectId}`, an ARM id). Absent otherwise.
   */
  import: z.string().optional(),
});
export type PlanResource = z.output<typeof planResourceSchema>;

export const enforcementSchema = z.enum(["mandatory", "advisory"]);
export type Enforcement = z.output<typeof enforcementSchema>;

export const planViolationSchema = z.object({
  policy: z.string(),
  enforcement: enforcementSchema,
  urn: z.string(),
  message: z.string(),
  /** The workload whose resource it is, when it belongs to one. */
  workload: z.string().optional(),
  /** What the finding is about within the workload (a permission, `role@scope`, a credential): what a waiver's `item` names. */
  item: z.string().optional(),
  /** Set when a waiver turned a mandatory finding into this advisory note. */
  waiver: z.string().optional(),
});
export type PlanViolation = z.output<typeof planViolationSchema>;

export const planSummarySchema = z.object({
  resources: z.number(),
  byType: z.record(z.string(), z.number()),
  /** The longest chain of dependent Azure calls. */
  criticalPath: z.number(),
});
export type PlanSummary = z.output<typeof planSummarySchema>;

/**
 * The plan.json format this toolkit writes. A reader refuses a newer one by name (issue 12); plans written before the
 * field existed (absent) read as version 1.
 */
export const PLAN_FORMAT_VERSION = 1;

export const planFileSchema = z.object({
  formatVersion: z.number().int().min(1).max(PLAN_FORMAT_VERSION, {
    message: `this plan.json is a newer format than this toolkit reads (version ${PLAN_FORMAT_VERSION}); plan again with this checkout, or update it`,
  }).optional(),
  stack: z.string().min(1),
  project: z.string(),
  /** The `--now` the plan was made with (ISO-8601). */
  generatedAt: isoDate,
  resources: z.array(planResourceSchema),
  workloads: z.array(planWorkloadSchema),
  violations: z.array(planViolationSchema),
  /**
   * What the offline plan took for granted because only the real tenant or subscription can tell (an owner being a
   * user, a vault name being free). Absent in plans written before it existed.
   */
  assumptions: z.array(z.string()).optional(),
  summary: planSummarySchema,
});
export type PlanFile = z.output<typeof planFileSchema>;

/** Validates parsed JSON as a `plan.json`, or throws an `InputError` with the first offending path. */
export function parsePlan(data: unknown, source: string): PlanFile {
  return validated(planFileSchema, data, (where) => `${source}: not a plan.json written by \`npm run plan\` (${where})`);
}

/** Loads and validates a `plan.json`. */
export function loadPlan(path: string): PlanFile {
  return parsePlan(readJsonFile(path), path);
}

/** An empty plan for a stack that does not exist on one side (a stack added or deleted by the change). */
export function emptyPlan(stack: string, generatedAt: string, project = "entra-workloads"): PlanFile {
  return { stack, project, generatedAt, resources: [], workloads: [], violations: [], summary: { resources: 0, byType: {}, criticalPath: 0 } };
}

