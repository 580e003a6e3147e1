import { z } from "zod";
import { workloadSummarySchema } from "../../model/summary";
import { InputError, readJsonFile, validated } from "../files";
import { stackNameProblem } from "../runtime/stack-file";

/**
 * The contract of `plan.json`, written by `npm run plan` and read by the access diff, the expiry watch, verify and
 * drift. Its workloads are the program's workload summaries (model/summary.ts) without the deployed ids, which the
 * offline plan only simulates. Every reader validates a plan here, once, at load.
 */

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "is not an ISO-8601 date; npm run plan writes the instant it planned at there (its --now, e.g. 2026-11-23T00:00:00.000Z)");

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
 * The plan.json format this toolkit writes, and the only one it reads (issue 12): a plan without the field, or with a
 * version this checkout does not know, is refused by name with the command that plans it again. A plan is cheap to
 * make again; reading one of another format as this one could show a diff or an expiry that is not there.
 */
export const PLAN_FORMAT_VERSION = 1;

/** Everything of a plan.json but its format version (checked first: see parsePlan). */
const planContentSchema = z.object({
  /** Pulumi's stack name (preview/runtime/stack-file.ts): messages and the diff's Markdown show it as it is. */
  stack: z.string().refine((name) => stackNameProblem(name) === undefined, "not a stack name Pulumi accepts (1–100 letters, digits, \"-\", \"_\" or \".\")"),
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

export const planFileSchema = planContentSchema.extend({ formatVersion: z.literal(PLAN_FORMAT_VERSION) });
export type PlanFile = z.output<typeof planFileSchema>;

/** What a reader of a hand-edited plan is told a field holds (preview/files.ts validated). */
const PLAN_FIELDS: Record<string, string> = {
  stack: "the stack's name as text (\"dev\")",
  project: "the Pulumi project's name as text (\"entra-workloads\")",
  generatedAt: "the instant planned at, as ISO-8601 text (the plan's --now)",
  resources: "a list of the resources planned",
  workloads: "a list of the workloads planned",
  violations: "a list of the policy findings",
  summary: "a map of fields (resources, byType, criticalPath)",
  "workloads[].name": "the workload's name as text",
  "workloads[].kind": "application or managedIdentity",
  "resources[].urn": "the resource's URN as text",
  "resources[].type": "the resource's Pulumi type as text",
  "resources[].name": "the resource's logical name as text",
  "violations[].urn": "the URN of the resource found, as text",
  "violations[].policy": "the rule's name as text",
};

/** Fields no other input of the toolkit has (`pulumi stack output --json` has workloads, a snapshot a project). */
const PLAN_ONLY_FIELDS = ["formatVersion", "stack", "generatedAt", "resources", "violations", "summary"];

/** The command that plans the stack a plan file names again, with its clock, for the fix of a refused plan. */
function planAgain(data: Record<string, unknown>): string {
  const stack = typeof data.stack === "string" && stackNameProblem(data.stack) === undefined ? data.stack : "<stack>";
  const now = typeof data.generatedAt === "string" && !Number.isNaN(Date.parse(data.generatedAt)) ? ` --now ${new Date(data.generatedAt).toISOString()}` : "";
  return `plan it again with this checkout (npm run plan -- --stack ${stack}${now})`;
}

/**
 * Validates parsed JSON as a `plan.json` of this toolkit's format, or throws an `InputError` naming the file, the
 * problem and the fix. A version this toolkit does not know is named before anything else (another format may be
 * shaped otherwise); JSON that is no plan at all gets its first offending path; a plan without a version, the command
 * that makes one.
 */
export function parsePlan(data: unknown, source: string): PlanFile {
  const fields = data !== null && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  const version = fields.formatVersion;
  if (version !== undefined && version !== PLAN_FORMAT_VERSION) {
    const problem = typeof version === "number" && Number.isSafeInteger(version) && version > PLAN_FORMAT_VERSION
      ? `is format ${version}, newer than this toolkit reads (${PLAN_FORMAT_VERSION}); update this checkout, or`
      : `formatVersion ${JSON.stringify(version)} is not a plan format (this toolkit reads format ${PLAN_FORMAT_VERSION});`;
    throw new InputError(`${source}: ${problem} ${planAgain(fields)}`);
  }
  const what = (where: string) => `${source}: not a plan.json written by \`npm run plan\` (${where})`;
  // A hand-edited plan: every problem, in our wording (preview/files.ts), and the command that makes it again.
  // JSON that has none of the fields only a plan has is no plan at all (outputs, a snapshot given as the plan, which
  // have workloads too): its first problem
  // says so; listing every field it lacks would say nothing more.
  const options = { fix: `${planAgain(fields)} instead of editing it by hand`, fields: PLAN_FIELDS, firstOnly: !PLAN_ONLY_FIELDS.some((key) => Object.hasOwn(fields, key)) };
  if (version === undefined) {
    validated(planContentSchema, data, what, options);
    throw new InputError(`${source}: has no formatVersion: written before plan files carried one (this toolkit reads format ${PLAN_FORMAT_VERSION}); ${planAgain(fields)}`);
  }
  return validated(planFileSchema, data, what, options);
}

/** Loads and validates a `plan.json`. */
export function loadPlan(path: string): PlanFile {
  return parsePlan(readJsonFile(path), path);
}

/** An empty plan for a stack that does not exist on one side (a stack added or deleted by the change). */
export function emptyPlan(stack: string, generatedAt: string, project = "entra-workloads"): PlanFile {
  return { formatVersion: PLAN_FORMAT_VERSION, stack, project, generatedAt, resources: [], workloads: [], violations: [], summary: { resources: 0, byType: {}, criticalPath: 0 } };
}

