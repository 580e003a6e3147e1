import type { CredentialType, TokenAudience, WorkloadKind } from "../model/summary";
import type { PermissionKind } from "../model/catalog";

/** The contract of `plan.json`, written by `npm run plan` and read by the access diff and the expiry watch. */
export interface PlanFile {
  stack: string;
  project: string;
  /** The `--now` the plan was made with (ISO-8601). */
  generatedAt: string;
  resources: PlanResource[];
  workloads: PlanWorkload[];
  violations: PlanViolation[];
  /**
   * What the offline plan took for granted because only the real tenant or subscription can tell (an owner being a
   * user, a vault name being free). Absent in plans written before it existed.
   */
  assumptions?: string[];
  summary: PlanSummary;
}

export interface PlanResource {
  urn: string;
  /** Pulumi type token, e.g. `azuread:index/application:Application`. */
  type: string;
  name: string;
  /** Parent URN; absent for the stack itself. */
  parent?: string;
  /** URNs of every resource whose outputs this one's inputs use, plus explicit dependsOn. */
  dependsOn: string[];
  /** Inputs as Azure would receive them; every secret value replaced by "[secret]". */
  inputs: Record<string, unknown>;
  /**
   * Set when `pulumi up` adopts an existing resource instead of creating it: the id Pulumi's `import` resource option
   * reads it by (`/applications/{objectId}`, `/servicePrincipals/{objectId}`, an ARM id). Absent otherwise.
   */
  import?: string;
}

export interface PlanCredential {
  type: CredentialType;
  name: string;
  endDate?: string;
  newest?: boolean;
  slot?: "blue" | "green";
  epoch?: number;
  issuer?: string;
  subject?: string;
  keyVaultSecret?: string;
}

export interface PlanApiPermission {
  /** API display name from the catalog, or its app id when the catalog does not know it. */
  api: string;
  apiAppId: string;
  kind: PermissionKind;
  name: string;
  /** App role id / scope id; null for an API the catalog does not know (resolved only at deploy time). */
  id: string | null;
  privilegeLevel: number | null;
  adminConsent: boolean;
}

export interface PlanRoleAssignment {
  role: string;
  roleDefinitionId: string;
  scope: string;
  privileged: boolean;
}

export interface PlanWorkload {
  name: string;
  kind: WorkloadKind;
  description?: string;
  credentials: PlanCredential[];
  apiPermissions: PlanApiPermission[];
  roleAssignments: PlanRoleAssignment[];
  /** Token audiences of the catalog APIs the workload lists (e.g. the Marketplace metering API). */
  tokenAudiences?: TokenAudience[];
  keyVaultSecrets: string[];
  adminConsentUrl?: string;
}

export type Enforcement = "mandatory" | "advisory";

export interface PlanViolation {
  policy: string;
  enforcement: Enforcement;
  urn: string;
  message: string;
  /** The workload whose resource it is, when it belongs to one. */
  workload?: string;
  /** Set when a waiver turned a mandatory finding into this advisory note. */
  waiver?: string;
}

export interface PlanSummary {
  resources: number;
  byType: Record<string, number>;
  criticalPath: number;
}
