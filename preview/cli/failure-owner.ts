/**
 * The workload a rejected resource belongs to, from its logical name: every resource of workload `w` is named `w` or
 * `w-…` (components/), and stacks/manifest/checks/logical-names.ts keeps those prefixes apart, so the longest workload
 * name that prefixes it is the owner. Undefined for the stack's shared resources (the vault, API service principals).
 */
export function owningWorkload(resourceName: string, workloads: readonly string[]): string | undefined {
  // The shared resources' own prefixes (stacks/manifest/checks/logical-names.ts refuses workloads named with them).
  if (resourceName.startsWith("resource-sp-") || resourceName.startsWith("key-vault-")) return undefined;
  let best: string | undefined;
  for (const w of workloads) {
    if ((resourceName === w || resourceName.startsWith(`${w}-`)) && (best === undefined || w.length > best.length)) best = w;
  }
  return best;
}

/** The workload names of a stack config's `entra-workloads:workloads` (none when it is not a JSON map). */
export function workloadNames(config: Readonly<Record<string, string>>): string[] {
  try {
    const parsed: unknown = JSON.parse(config["entra-workloads:workloads"] ?? "{}");
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? Object.keys(parsed) : [];
  } catch {
    return [];
  }
}
