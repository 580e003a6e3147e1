/**
 * The progress total is exact: the resources the program registers (components included) for a manifest, as
 * preview/plan/footprint.ts counts them, equal what real runs register — for the example stacks, the fixtures and a
 * generated stack with every kind of workload. A component that declares one more resource fails here first.
 */
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
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

const generated = path.join(mkdtempSync(path.join(tmpdir(), "progress-")), "Pulumi.generated.yaml");
writeFileSync(generated, generateStack(40));

describe("the progress total", () => {
  it.each([
    "stacks/Pulumi.dev.yaml",
    "stacks/Pulumi.prod.yaml",
    "test/fixtures/stacks/Pulumi.risky.yaml",
    "test/fixtures/stacks/Pulumi.consent-pending.yaml",
    "test/fixtures/gitops/Pulumi.head.yaml",
    generated,
  ])("is what the program registers: %s", async (file) => {
    const run = await runStack(file);
    expect(run.failures).toEqual([]);
    expect(planned(file)).toBe(run.resources.length);
  });
});
