/** What the two URN-waiver test files share: the stack they plan and the engine's URNs, by the SDK's own createUrn. */
import * as pulumi from "@pulumi/pulumi";

export const PROJECT = "entra-workloads";
export const STACK = "edge";
export const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000001";
export const OPS_SCOPE = `${SUBSCRIPTION}/resourceGroups/rg-ops`;

/** A stack file whose workload `ops` has a privileged role (Owner on a resource group) and a 365-day client secret. */
export function opsStackText(vaultName: string): string {
  return [
    "config:",
    "  azure-native:location: westeurope",
    "  entra-workloads:keyVault:",
    `    name: ${vaultName}`,
    "    resourceGroupName: rg-identity",
    "    create: true",
    "  entra-workloads:defaults:",
    '    owners: ["6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"]',
    "  entra-workloads:workloads:",
    "    ops:",
    "      credentials:",
    "        - type: secret",
    "          lifetimeDays: 365",
    "      roles:",
    "        - role: Owner",
    `          scope: ${OPS_SCOPE}`,
    "",
  ].join("\n");
}

/** The types a URN of that stack chains. */
export const TYPE = {
  stack: "pulumi:pulumi:Stack",
  workload: "entra-workloads:index:Workload",
  roleAssignments: "entra-workloads:index:RoleAssignments",
  clientSecret: "entra-workloads:index:ClientSecret",
  application: "entra-workloads:index:EntraApplication",
  vaultComponent: "entra-workloads:index:WorkloadVault",
  roleAssignment: "azure-native:authorization:RoleAssignment",
  password: "azuread:index/applicationPassword:ApplicationPassword",
  app: "azuread:index/application:Application",
  vault: "azure-native:keyvault:Vault",
} as const;

export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

/** The engine's URN, by the SDK's own createUrn (parent given as its URN string). */
export const createdUrn = (name: string, type: string, parent?: string, stack = STACK, project = PROJECT): Promise<string> =>
  valueOf(pulumi.createUrn(name, type, parent, project, stack));

/** A chain of (type, name) from the root stack down, each the parent of the next; the URN of each, by createUrn. */
export async function chain(links: readonly (readonly [string, string])[], stack = STACK, project = PROJECT): Promise<string[]> {
  const urns: string[] = [];
  let parent = await createdUrn(`${project}-${stack}`, TYPE.stack, undefined, stack, project);
  for (const [type, name] of links) {
    parent = await createdUrn(name, type, parent, stack, project);
    urns.push(parent);
  }
  return urns;
}
