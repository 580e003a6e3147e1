// The tenant's app management policy, as Entra enforces it when a credential is added to an application.
//
// Shape: Graph's tenantAppManagementPolicy, exactly as `GET /policies/defaultAppManagementPolicy` returns it
// (https://learn.microsoft.com/graph/api/tenantappmanagementpolicy-get; resource:
// https://learn.microsoft.com/graph/api/resources/tenantappmanagementpolicy): `isEnabled`, and `applicationRestrictions`
// (an appManagementConfiguration: https://learn.microsoft.com/graph/api/resources/appmanagementconfiguration) with
// `passwordCredentials` (passwordCredentialConfiguration: restrictionType passwordAddition | passwordLifetime |
// symmetricKeyAddition | customPasswordAddition | symmetricKeyLifetime) and `keyCredentials` (keyCredentialConfiguration:
// asymmetricKeyLifetime | trustedCertificateAuthority), each with `maxLifetime` (ISO-8601 duration),
// `restrictForAppsCreatedAfterDateTime` and `state` (enabled | disabled; "If disabled, the restriction isn't evaluated").
//
// Which policy applies: an application with its own appManagementPolicy takes that one, otherwise the tenant default
// (https://learn.microsoft.com/graph/api/resources/appmanagementpolicy). The applications a plan creates are new, so no
// per-app policy can be assigned to them before their first credential: the tenant default is what Entra checks.
// `restrictForAppsCreatedAfterDateTime`: the restriction applies to applications created after that instant
// (passwordCredentialConfiguration); an application this plan creates is created at the plan's clock.
import { z } from "zod";
import { inputIssue, readBoundedJson } from "../model/input-file";
import type { SimContext } from "./context";
import { reject } from "./errors";

/**
 * One restriction. `restrictionType` is one of Graph's values for its list — a misspelt type would switch the check off
 * silently (issue 12): passwordCredentialConfiguration's appCredentialRestrictionType
 * (https://learn.microsoft.com/graph/api/resources/passwordcredentialconfiguration) and keyCredentialConfiguration's
 * appKeyCredentialRestrictionType (https://learn.microsoft.com/graph/api/resources/keycredentialconfiguration: v1.0
 * asymmetricKeyLifetime; beta adds trustedCertificateAuthority). `maxLifetime` "is required when restrictionType is set
 * to passwordLifetime" (or asymmetricKeyLifetime): required for every *Lifetime type, so a misspelt `maxLifeTime` is
 * refused instead of ignored. Other properties (`excludeActors`, `@odata.type`) are Graph's and kept.
 */
const restriction = (types: readonly [string, ...string[]]) => z.object({
  restrictionType: z.enum(types, { error: (issue) => `is ${JSON.stringify(issue.input)}; Graph's values here are ${types.join(", ")}` }),
  maxLifetime: z.string().nullish(),
  restrictForAppsCreatedAfterDateTime: z.string().nullish(),
  state: z.enum(["enabled", "disabled", "unknownFutureValue"]).nullish(),
  certificateBasedApplicationConfigurationIds: z.array(z.string()).nullish(),
}).loose().refine((r) => !r.restrictionType.endsWith("Lifetime") || r.maxLifetime != null, {
  error: (issue) => `maxLifetime is required when restrictionType is ${String((issue.input as { restrictionType?: unknown }).restrictionType)} (an ISO-8601 duration such as P90D)`,
  path: ["maxLifetime"],
});

const PASSWORD_TYPES = ["passwordAddition", "passwordLifetime", "symmetricKeyAddition", "symmetricKeyLifetime", "customPasswordAddition", "unknownFutureValue"] as const;
const KEY_TYPES = ["asymmetricKeyLifetime", "trustedCertificateAuthority", "unknownFutureValue"] as const;

const configuration = z.object({
  passwordCredentials: z.array(restriction(PASSWORD_TYPES)).nullish(),
  keyCredentials: z.array(restriction(KEY_TYPES)).nullish(),
}).loose();

/** Graph's tenantAppManagementPolicy (other properties, such as `@odata.context`, are kept and ignored). */
export const appManagementPolicySchema = z.object({
  id: z.string().optional(),
  isEnabled: z.boolean(),
  applicationRestrictions: configuration.nullish(),
  servicePrincipalRestrictions: configuration.nullish(),
}).loose();

export type AppManagementPolicy = z.output<typeof appManagementPolicySchema>;
type Restriction = z.output<ReturnType<typeof restriction>>;

/** A policy file that cannot be used: every problem as `path: message`. */
export class AppManagementPolicyError extends Error {
  constructor(file: string, readonly problems: string[]) {
    // Every problem on its own line with its path, as the manifest's are (issue 12).
    super(problems.length === 1 ? `${file}: ${problems[0]}` : `${file}: ${problems.length} problems:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "AppManagementPolicyError";
  }
}

const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO-8601 duration in weeks, days, hours, minutes and seconds (`P90D`, `P4DT12H30M5S`); `undefined` otherwise. */
export function durationMs(value: string): number | undefined {
  const m = DURATION.exec(value);
  if (!m || value === "P" || value.endsWith("T")) return undefined;
  const [w, d, h, min, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** Parses a policy as Graph returns it; throws AppManagementPolicyError naming every problem. */
export function parseAppManagementPolicy(raw: unknown, file: string): AppManagementPolicy {
  const parsed = appManagementPolicySchema.safeParse(raw);
  // Each problem in the toolkit's wording (path: what it is; what belongs there), not zod's "Invalid input" (issue 12).
  if (!parsed.success) throw new AppManagementPolicyError(file, parsed.error.issues.map((i) => inputIssue(i, raw)));
  const problems: string[] = [];
  for (const side of ["applicationRestrictions", "servicePrincipalRestrictions"] as const) {
    for (const kind of ["passwordCredentials", "keyCredentials"] as const) {
      (parsed.data[side]?.[kind] ?? []).forEach((r, i) => {
        if (r.maxLifetime != null && durationMs(r.maxLifetime) === undefined) {
          problems.push(`${side}.${kind}.${i}.maxLifetime: "${r.maxLifetime}" is not an ISO-8601 duration in days/hours/minutes/seconds (e.g. P90D)`);
        }
        if (r.restrictForAppsCreatedAfterDateTime != null && Number.isNaN(Date.parse(r.restrictForAppsCreatedAfterDateTime))) {
          problems.push(`${side}.${kind}.${i}.restrictForAppsCreatedAfterDateTime: "${r.restrictForAppsCreatedAfterDateTime}" is not a date-time`);
        }
      });
    }
  }
  if (problems.length > 0) throw new AppManagementPolicyError(file, problems);
  return parsed.data;
}

/** Reads `--tenant-policy FILE`: the JSON `az rest --url https://graph.microsoft.com/v1.0/policies/defaultAppManagementPolicy` prints. */
export function readAppManagementPolicyFile(file: string): AppManagementPolicy {
  // Bounded, never blocking on a device or a pipe, a UTF-8 byte-order mark dropped (model/input-file.ts).
  const read = readBoundedJson(file);
  if (read.problem !== undefined) throw new AppManagementPolicyError(file, [read.problem]);
  return parseAppManagementPolicy(read.value, file);
}

/** Whether a restriction is evaluated for an application created at `createdAt`. */
function applies(r: Restriction, createdAt: Date): boolean {
  if (r.state === "disabled") return false;
  const after = r.restrictForAppsCreatedAfterDateTime;
  return after == null || createdAt.getTime() > Date.parse(after);
}

function quote(r: Restriction): string {
  const fields = [`restrictionType: ${r.restrictionType}`];
  if (r.maxLifetime != null) fields.push(`maxLifetime: ${r.maxLifetime}`);
  if (r.restrictForAppsCreatedAfterDateTime != null) fields.push(`restrictForAppsCreatedAfterDateTime: ${r.restrictForAppsCreatedAfterDateTime}`);
  return `{ ${fields.join(", ")} }`;
}

export type CredentialKind = "password" | "certificate";

/**
 * Rejects a credential the tenant's enabled app management policy forbids, the way Entra refuses `addPassword` /
 * `addKey` / an application PATCH: a password when `passwordAddition` applies, a password longer than `passwordLifetime`,
 * a certificate longer than `asymmetricKeyLifetime`, and a self-signed certificate (ours are) when
 * `trustedCertificateAuthority` applies. Lifetime error, as Entra returns it: `CredentialInvalidLifetimeAsPerAppPolicy`,
 * "Credential lifetime exceeds the max value allowed as per assigned policy" (reported verbatim in
 * microsoft/PubSec-Info-Assistant#681 and OfficeDev/microsoft-365-agents-toolkit#10998). The code for a blocked credential
 * type (`CredentialTypeNotAllowedAsPerAppPolicy`) follows the same naming but was not found in a public source.
 */
export function checkAppManagementPolicy(ctx: SimContext, kind: CredentialKind, startDate: Date, endDate: Date): void {
  const policy = ctx.tenant.appManagementPolicy;
  if (!policy?.isEnabled) return;
  const restrictions = (kind === "password" ? policy.applicationRestrictions?.passwordCredentials : policy.applicationRestrictions?.keyCredentials) ?? [];
  const active = restrictions.filter((r) => applies(r, ctx.now));
  const policyId = policy.id ?? "00000000-0000-0000-0000-000000000000";
  const credential = `credential "${ctx.resource.name}"`;
  if (kind === "password") {
    const blocked = active.find((r) => r.restrictionType === "passwordAddition");
    if (blocked) {
      reject("CredentialTypeNotAllowedAsPerAppPolicy", `Password credential type is not allowed as per assigned policy '${policyId}'.`, ctx.resource,
        `the tenant's app management policy blocks client secrets (${quote(blocked)}) for ${credential}; use credentials: [{ type: certificate }] or a federated credential.`);
    }
  }
  const lifetimeType = kind === "password" ? "passwordLifetime" : "asymmetricKeyLifetime";
  for (const r of active.filter((x) => x.restrictionType === lifetimeType && x.maxLifetime != null)) {
    const max = durationMs(r.maxLifetime ?? "") ?? Number.POSITIVE_INFINITY;
    if (endDate.getTime() - startDate.getTime() > max) {
      const days = Math.round((endDate.getTime() - startDate.getTime()) / 86_400_000);
      reject("CredentialInvalidLifetimeAsPerAppPolicy", `Credential lifetime exceeds the max value allowed as per assigned policy '${policyId}'.`, ctx.resource,
        `${credential} lives ${days} days, longer than the tenant's ${quote(r)}; lower the credential's lifetimeDays to at most ${Math.floor(max / 86_400_000)}.`);
    }
  }
  if (kind === "certificate") {
    const ca = active.find((r) => r.restrictionType === "trustedCertificateAuthority");
    if (ca) {
      reject("CredentialTypeNotAllowedAsPerAppPolicy", `Certificate is not issued by a trusted certificate authority as per assigned policy '${policyId}'.`, ctx.resource,
        `${credential} is self-signed, and the tenant's ${quote(ca)} requires certificates chained to its trusted CAs; upload a CA-issued certificate instead.`);
    }
  }
}
