/**
 * Issue 12: a stack file `npm run adopt` writes must mean to Pulumi what it says. A display name Pulumi's YAML reader
 * (yaml.v3) would take for a number or a date, written plain, would reach the program changed.
 */
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { main as adopt } from "../../preview/cli/commands/adopt";
import { readStackFile } from "../../preview/runtime/stack-file";
import type { TenantSnapshot } from "../../preview/tenant/snapshot";
import { ROOT } from "../support/program";

const SNAPSHOT = path.join(ROOT, "test", "fixtures", "tenant", "snapshot.json");

describe("npm run adopt writes what Pulumi reads back unchanged", () => {
  it.each(["012", "2026-01-01", "0b101", "1_000", "true", "~", "1e3"])("an application named %j", (displayName) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "adopt-yaml-"));
    const snapshot = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as TenantSnapshot;
    const app = snapshot.applications[0] as { displayName: string };
    const original = app.displayName;
    app.displayName = displayName;
    for (const sp of snapshot.servicePrincipals as { displayName?: string }[]) if (sp.displayName === original) sp.displayName = displayName;
    const snapshotFile = path.join(dir, "snapshot.json");
    writeFileSync(snapshotFile, JSON.stringify(snapshot));
    const into = path.join(dir, "Pulumi.dev.yaml");
    copyFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), into);
    const out: string[] = [];
    const code = adopt(["--snapshot", snapshotFile, "--into", into, "--app", displayName], { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) });
    expect(code, out.join("")).toBe(0);
    const workloads = JSON.parse(readStackFile(into).config["entra-workloads:workloads"]) as Record<string, { displayName?: string }>;
    expect(Object.values(workloads).map((w) => w.displayName)).toContain(displayName);
  });
});
