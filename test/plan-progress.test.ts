/**
 * The progress total is exact: the resources the program registers (components included) for a manifest, as
 * preview/plan/footprint.ts counts them, equal what real runs register — for the example stacks, the fixtures and a
 * generated stack with every kind of workload. A component that declares one more resource fails here first.
 */
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { generateStack } from "../bench/generate";
import { plannedRegistrations } from "../preview/plan/footprint";
import { readStackFile } from "../preview/runtime/stack-file";
import { parseManifest, readManifestConfig } from "../stacks/manifest";
import { ROOT, runStack } from "./support/program";

function planned(file: string): number {
  const stack = readStackFile(path.resolve(ROOT, file));
  const parsed = parseManifest(readManifestConfig({ get: (key) => stack.config[`entra-workloads:${key}`] }), { location: stack.config["azure-native:location"], stack: stack.stackName });
  if (!parsed.manifest) throw new Error(`${file}: ${parsed.errors.map((e) => e.message).join("; ")}`);
  return plannedRegistrations(parsed.manifest);
}

const dir = mkdtempSync(path.join(tmpdir(), "progress-"));
const generated = path.join(dir, "Pulumi.generated.yaml");
writeFileSync(generated, generateStack(40));

// Workloads that call each other and read each other's secrets (expose, apiPermissions naming a workload, secretReaders).
const referring = path.join(dir, "Pulumi.referring.yaml");
const doc = parseYaml(generateStack(6)) as { config: Record<string, Record<string, unknown>> };
const names = Object.keys(doc.config["entra-workloads:workloads"]);
doc.config["entra-workloads:workloads"] = {
  ...doc.config["entra-workloads:workloads"],
  "orders-api": {
    expose: { appRoles: [{ value: "Data.Read", displayName: "Read data" }], scopes: [{ value: "Data.Browse", adminConsentDisplayName: "Browse", adminConsentDescription: "Browse data" }] },
    credentials: [{ type: "secret" }], secretReaders: [names[0], "orders-web"],
  },
  "orders-caller": { type: "managedIdentity", resourceGroupName: "rg-app-1", apiPermissions: [{ api: "orders-api", application: ["Data.Read"] }], secretReaders: [names[1]] },
  "orders-web": {
    web: { redirectUris: ["https://web.contoso.com/signin-oidc"] }, credentials: [{ type: "certificate" }],
    apiPermissions: [{ api: "orders-api", delegated: ["Data.Browse"] }],
  },
};
writeFileSync(referring, stringifyYaml(doc));

describe("the progress total", () => {
  it.each([
    "stacks/Pulumi.dev.yaml",
    "stacks/Pulumi.prod.yaml",
    "test/fixtures/stacks/Pulumi.risky.yaml",
    "test/fixtures/stacks/Pulumi.consent-pending.yaml",
    "test/fixtures/gitops/Pulumi.head.yaml",
    generated,
    referring,
  ])("is what the program registers: %s", async (file) => {
    const run = await runStack(file);
    expect(run.failures).toEqual([]);
    expect(planned(file)).toBe(run.resources.length);
  });
});
