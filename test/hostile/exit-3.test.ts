import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { owningWorkload } from "../../preview/cli/failure-owner";
import { runCommand } from "../support/cli";

describe("exit-3 messages name the workload and the manifest (issue 12)", () => {
  it("every rejected resource line ends with its workload and stack file", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "hostile-exit3-"));
    const r = await runCommand("plan", ["--tenant", "test/fixtures/tenants/owner-is-a-group.json", "--now", "2026-11-23", "--out", out]);
    expect(r.code).toBe(3);
    const lines = r.stderr.split("\n").filter((l) => / \[[^\]]+\]: /.test(l));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/\((workloads\.[a-z0-9-]+ in|a resource the stack shares;) stacks\/Pulumi\.dev\.yaml\)$/);
    expect(r.stderr).toContain("law-reader-app [azuread:index/application:Application]");
    expect(r.stderr).toMatch(/law-reader-app .*\(workloads\.law-reader in stacks\/Pulumi\.dev\.yaml\)$/m);
  });

  it.each([
    ["orders-api-app", ["orders", "orders-api"], "orders-api"],
    ["orders-app", ["orders", "orders-api"], "orders"],
    ["orders-api", ["orders", "orders-api"], "orders-api"],
    ["x-fic-a-fic-b", ["x"], "x"],
    ["key-vault-vault", ["x"], undefined],
    ["resource-sp-microsoft-graph", ["resource"], undefined],
    ["key-vault-vault", ["key"], undefined],
  ])("%s belongs to %j → %s", (name, workloads, owner) => {
    expect(owningWorkload(name, workloads)).toBe(owner);
  });
});
