import { inputIssue, readBoundedJson } from "../model/input-file";
import { z } from "zod";
import { AppManagementPolicyError, parseAppManagementPolicy } from "./app-management-policy";
import type { SimulatedTenant } from "./context";

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { message: "must be a GUID" });

/**
 * What `npm run plan -- --tenant FILE` may say about the real tenant and subscription, so the offline plan checks
 * what it would otherwise assume: owners' object types, first-party service principals the tenant lacks, consents
 * given before, vault names taken, role assignments already in the subscription, and the stack's last outputs
 * (`pulumi stack output --json`) for rotation.
 */
const tenantFile = z.strictObject({
  directoryObjects: z.array(z.strictObject({ objectId: guid, type: z.enum(["User", "Group", "ServicePrincipal"]), displayName: z.string().optional() })).optional(),
  missingServicePrincipals: z.array(guid).optional(),
  delegatedPermissionGrants: z.array(z.strictObject({ clientDisplayName: z.string().min(1), resourceAppId: guid })).optional(),
  unavailableVaultNames: z.record(z.string(), z.enum(["taken", "softDeleted"])).optional(),
  existingRoleAssignments: z.union([z.number().int().min(0), z.record(guid, z.number().int().min(0))]).optional(),
  previousOutputs: z.record(z.string(), z.unknown()).optional(),
  /** Graph's tenantAppManagementPolicy as `GET /policies/defaultAppManagementPolicy` returns it (or use --tenant-policy FILE). */
  appManagementPolicy: z.unknown().optional(),
});

/** A tenant file that cannot be used, with every problem as `path: message`. */
export class TenantFileError extends Error {
  constructor(file: string, readonly problems: string[]) {
    // Every problem on its own line with its path, as the manifest's are (issue 12).
    super(problems.length === 1 ? `${file}: ${problems[0]}` : `${file}: ${problems.length} problems:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "TenantFileError";
  }
}

export function readTenantFile(file: string): SimulatedTenant {
  // Bounded like every input (model/input-file.ts): a device, FIFO, huge or deeply nested file is refused unread.
  const read = readBoundedJson(file);
  if (read.problem !== undefined) throw new TenantFileError(file, [read.problem.slice(read.problem.startsWith(`${file}: `) ? file.length + 2 : 0)]);
  const raw = read.value;
  const parsed = tenantFile.safeParse(raw);
  if (!parsed.success) {
    throw new TenantFileError(file, parsed.error.issues.map((i) => inputIssue(i, raw)));
  }
  const { appManagementPolicy, ...rest } = parsed.data;
  if (appManagementPolicy === undefined) return rest;
  try {
    return { ...rest, appManagementPolicy: parseAppManagementPolicy(appManagementPolicy, "appManagementPolicy") };
  } catch (error) {
    if (error instanceof AppManagementPolicyError) throw new TenantFileError(file, error.problems.map((p) => `appManagementPolicy.${p}`));
    throw error;
  }
}
