import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { generateStack } from "../../bench/generate";
import { sliceWorkloads } from "../../preview/plan/shard";
import { runCommandChild } from "../support/cli";

const ROOT = path.resolve(__dirname, "..", "..");
const tmp = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

function plan(stackFile: string, env: NodeJS.ProcessEnv = {}) {
  const out = tmp("plan-");
  const r = runCommandChild("plan", ["--stack-file", stackFile, "--now", "2026-11-23", "--out", out], ROOT, env);
  const read = (f: string) => (existsSync(path.join(out, f)) ? readFileSync(path.join(out, f), "utf8") : undefined);
  return { code: r.code, stderr: r.stderr, plan: read("plan.json"), report: read("access-report.md") };
}

const EXPOSE = { expose: { appRoles: [{ value: "Data.Read", displayName: "Read data" }], scopes: [{ value: "Data.Browse", adminConsentDisplayName: "Browse", adminConsentDescription: "Browse data" }] } };

describe("sharded plans keep both sides of a reference in one shard", () => {
  it("moves a cut past a group of workloads linked by references, and keeps the slices contiguous", () => {
    const workloads = {
      a: {}, b: { apiPermissions: [{ api: "d" }] }, c: {}, d: EXPOSE, e: { secretReaders: ["f"] }, f: {}, g: {},
    };
    // Wanted [2, 2, 3]: a cut at 2 splits b..d, so it moves to 4; a cut at 4+2=6 splits e..f? no (e=4, f=5): allowed.
    const slices = sliceWorkloads(workloads, [2, 2, 3]).map((s) => Object.keys(s));
    expect(slices).toEqual([["a", "b", "c", "d"], ["e", "f"], ["g"]]);
    expect(sliceWorkloads(workloads, [1, 6]).map((s) => Object.keys(s))).toEqual([["a"], ["b", "c", "d", "e", "f", "g"]]);
    // One group spanning everything: one shard.
    expect(sliceWorkloads({ x: { secretReaders: ["z"] }, y: {}, z: {} }, [1, 1, 1]).map((s) => Object.keys(s))).toEqual([["x", "y", "z"]]);
  });

  it("a 300-workload stack with cross-references plans sharded, byte-identical to unsharded", () => {
    const doc = parseYaml(generateStack(300)) as { config: Record<string, Record<string, unknown>> };
    const generated = doc.config["entra-workloads:workloads"];
    const names = Object.keys(generated);
    // An API exposed at the start, called from the middle and the end; secrets read across what would be shard borders.
    const workloads: Record<string, unknown> = { "aa-api": { ...EXPOSE, credentials: [{ type: "secret" }], secretReaders: [names[140]] } };
    for (const name of names) workloads[name] = generated[name];
    workloads["zz-caller"] = { type: "managedIdentity", resourceGroupName: "rg-app-1", apiPermissions: [{ api: "aa-api", application: ["Data.Read"] }] };
    workloads["zz-web"] = {
      web: { redirectUris: ["https://web.contoso.com/signin-oidc"] },
      apiPermissions: [{ api: "aa-api", delegated: ["Data.Browse"] }],
      credentials: [{ type: "secret" }],
      secretReaders: ["zz-caller", names[160]],
    };
    doc.config["entra-workloads:workloads"] = workloads;
    const stackFile = path.join(tmp("stack-"), "Pulumi.refs.yaml");
    writeFileSync(stackFile, stringifyYaml(doc));
    const whole = plan(stackFile);
    const sharded = plan(stackFile, { ENTRA_PLAN_SHARD_SIZE: "100" });
    expect(whole.plan, whole.stderr).toBeDefined();
    expect(sharded.plan, sharded.stderr).toBeDefined();
    expect(sharded.code).toBe(whole.code);
    expect(sharded.plan === whole.plan).toBe(true);
    expect(sharded.report === whole.report).toBe(true);
    const planned = JSON.parse(whole.plan ?? "{}") as { workloads: { name: string; apiPermissions: { stackApi?: string }[] }[] };
    expect(planned.workloads.find((w) => w.name === "zz-caller")?.apiPermissions).toEqual([expect.objectContaining({ stackApi: "aa-api", name: "Data.Read" })]);
  }, 180_000);
});
