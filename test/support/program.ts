import * as path from "node:path";
import { vi } from "vitest";
import { AzureSimulator, type SimulatedTenant } from "../../simulator";
import { runProgram, type ProgramRun } from "../../preview/runtime/run-program";
import { readStackFile } from "../../preview/runtime/stack-file";
import type { CapturedResource } from "../../preview/runtime/capture-monitor";

export const ROOT = path.resolve(__dirname, "..", "..");
export const NOW = new Date("2026-11-23T00:00:00Z");

export interface Manifest {
  keyVault?: unknown;
  defaults?: unknown;
  workloads?: unknown;
}

export const VAULT = { name: "kv-test", resourceGroupName: "rg-identity", create: true };
export const OWNERS = { owners: ["6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"] };

/** Runs the real program (index.ts) against the strict simulator with this manifest as stack config. */
export async function runManifest(manifest: Manifest, now: Date = NOW, stack = "test", tenant?: SimulatedTenant): Promise<ProgramRun> {
  const config: Record<string, string> = { "azure-native:location": "westeurope" };
  for (const [key, value] of Object.entries(manifest)) {
    if (value !== undefined) config[`entra-workloads:${key}`] = JSON.stringify(value);
  }
  return runConfig(config, now, stack, tenant);
}

export async function runStack(file: string, now: Date = NOW): Promise<ProgramRun> {
  const stack = readStackFile(path.resolve(ROOT, file));
  return runConfig(stack.config, now, stack.stackName);
}

async function runConfig(config: Record<string, string>, now: Date, stack: string, tenant?: SimulatedTenant): Promise<ProgramRun> {
  // The program runs at import: a fresh module registry makes each run a new program.
  vi.resetModules();
  return runProgram({ program: path.join(ROOT, "index.ts"), project: "entra-workloads", stack, config, now, mocks: new AzureSimulator({ now, tenant }) });
}

export function ofType(run: ProgramRun, type: string): CapturedResource[] {
  return run.resources.filter((r) => r.type === type);
}

export function named(run: ProgramRun, name: string): CapturedResource {
  const hit = run.resources.find((r) => r.name === name);
  if (!hit) throw new Error(`no resource named ${name}; have ${run.resources.map((r) => r.name).join(", ")}`);
  return hit;
}

export const T = {
  application: "azuread:index/application:Application",
  servicePrincipal: "azuread:index/servicePrincipal:ServicePrincipal",
  password: "azuread:index/applicationPassword:ApplicationPassword",
  certificate: "azuread:index/applicationCertificate:ApplicationCertificate",
  appFederated: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
  appRoleAssignment: "azuread:index/appRoleAssignment:AppRoleAssignment",
  delegatedGrant: "azuread:index/servicePrincipalDelegatedPermissionGrant:ServicePrincipalDelegatedPermissionGrant",
  roleAssignment: "azure-native:authorization:RoleAssignment",
  vault: "azure-native:keyvault:Vault",
  secret: "azure-native:keyvault:Secret",
  identity: "azure-native:managedidentity:UserAssignedIdentity",
  miFederated: "azure-native:managedidentity:FederatedIdentityCredential",
  privateKey: "tls:index/privateKey:PrivateKey",
  selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
} as const;
