import type { PathSegment, ProblemList } from "../problems";

/** Workload names become Key Vault secret names (`<name>-client-secret`, 127 characters at most) and logical names. */
export const WORKLOAD_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
export const MAX_WORKLOAD_NAME = 63;

export function checkWorkloadName(name: string, path: readonly PathSegment[], problems: ProblemList): void {
  if (!WORKLOAD_NAME.test(name) || name.includes("--")) {
    const suggestion = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "").slice(0, MAX_WORKLOAD_NAME);
    problems.add(path, `invalid workload name "${name}": it becomes Key Vault secret and resource names, so use 1–${MAX_WORKLOAD_NAME} lowercase letters, digits and single dashes, starting and ending with a letter or digit${suggestion ? ` (e.g. "${suggestion}")` : ""}`);
  }
}

/** Azure Key Vault names: 3–24 characters, letter first, letters, digits and single dashes, no trailing dash. */
export function checkVaultName(name: string, path: readonly PathSegment[], problems: ProblemList): void {
  if (!/^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$/.test(name) || name.includes("--")) {
    problems.add(path, `invalid Key Vault name "${name}": use 3–24 letters, digits and single dashes, starting with a letter and ending with a letter or digit`);
  }
}
