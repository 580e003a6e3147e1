import type { PlanApiPermission, PlanCredential, PlanRoleAssignment, PlanViolation, PlanWorkload } from "../plan/plan-file";
import type { SecretReaderSummary } from "../../model/summary";

/** What happened to one item between the base plan and the head plan. */
export type ChangeType = "added" | "removed" | "changed";

/** The kinds of things the access diff compares, in the order a reviewer reads them. */
export type ChangeKind = "workload" | "credential" | "apiPermission" | "roleAssignment" | "keyVaultSecret" | "secretReader" | "violation";

export const CHANGE_KINDS: readonly ChangeKind[] = [
  "workload",
  "apiPermission",
  "roleAssignment",
  "credential",
  "keyVaultSecret",
  "secretReader",
  "violation",
];

/** The part of a workload a `workload` change carries: who it is, not what it holds (those are their own changes). */
export type WorkloadState = Pick<PlanWorkload, "kind" | "description" | "adminConsentUrl"> & {
  /** How many of each it holds, so a reviewer sees a removed workload's weight at a glance. */
  counts: { credentials: number; apiPermissions: number; roleAssignments: number; keyVaultSecrets: number };
  /** Only assigned users and groups may sign in (applications with sign-in settings). */
  appRoleAssignmentRequired?: boolean;
};

/** The state a change carries on each side, per kind. */
export interface ChangeStates {
  workload: WorkloadState;
  credential: PlanCredential;
  apiPermission: PlanApiPermission;
  roleAssignment: PlanRoleAssignment;
  keyVaultSecret: { name: string };
  /** One reader of one of the workload's Key Vault secrets. */
  secretReader: Omit<SecretReaderSummary, "secrets"> & { secret: string };
  violation: Omit<PlanViolation, "workload">;
}

/** One line of the access diff (`--json`: `changes[]`). */
export type Change = {
  [K in ChangeKind]: {
    /** Workload name; `(stack)` for policy findings that belong to no workload. */
    workload: string;
    change: ChangeType;
    kind: K;
    /** What changed, readable: `Reader @ /subscriptions/…/resourceGroups/rg-a`, `Microsoft Graph Mail.Send (application)`. */
    item: string;
    /** State in the base plan (absent when added). */
    before?: ChangeStates[K];
    /** State in the head plan (absent when removed). */
    after?: ChangeStates[K];
    /** True when the change gives more access (see `escalation.ts`). */
    escalation: boolean;
  };
}[ChangeKind];

/** Identifies each plan in the diff. */
export interface PlanRef {
  stack: string;
  generatedAt: string;
}

/** Headline numbers: workloads by what happened to them, and escalating changes. */
export interface DiffSummary {
  /** Workloads only in the head plan. */
  added: number;
  /** Workloads only in the base plan. */
  removed: number;
  /** Workloads in both plans with at least one change. */
  changed: number;
  /** Changes that give more access, plus one when the code that computes access changed (`code`). */
  escalations: number;
}

/**
 * The change touches the toolkit itself (components, preview, diff, policies, dependencies,
 * workflows: `preview/changed-code.ts`). Counted as one escalation of its own in `summary`.
 */
export interface CodeChange {
  /** The toolkit paths the change touches, sorted. */
  paths: string[];
}

/** The `--json` document of `npm run diff`. */
export interface AccessDiff {
  base: PlanRef;
  head: PlanRef;
  /** Present only when the change touches the toolkit (`--changed-code`); absent for manifest-only changes. */
  code?: CodeChange;
  changes: Change[];
  summary: DiffSummary;
}

/** The workload name that stack-level policy findings are filed under. */
export const STACK_LEVEL = "(stack)";
