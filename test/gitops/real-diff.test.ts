/**
 * The access diff on two real plans that `npm run plan` made from a base/head pair of fixture stacks
 * (test/fixtures/gitops): the changes a pull request would show, their escalation flags, the exit codes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";
import { NOW, tempDir } from "./fixtures";

interface JsonChange { workload: string; change: string; kind: string; item: string; escalation: boolean; before?: Record<string, unknown>; after?: Record<string, unknown> }

describe("access diff between plans of two fixture stacks", () => {
  let dir = "";
  let changes: JsonChange[] = [];
  let exitCode = -1;
  const find = (workload: string, kind: string, change: string) => changes.filter((c) => c.workload === workload && c.kind === kind && c.change === change);

  beforeAll(async () => {
    dir = tempDir("real-diff-");
    for (const side of ["base", "head"]) {
      const r = await runCommand("plan", ["--stack-file", `test/fixtures/gitops/Pulumi.${side}.yaml`, "--now", NOW, "--out", join(dir, side)]);
      expect(r.code, r.stderr).toBe(0);
    }
    // The fixtures are two stack files (Pulumi.base.yaml, Pulumi.head.yaml), so their plans are of two stacks.
    const diff = await runCommand("diff", [join(dir, "base", "plan.json"), join(dir, "head", "plan.json"), "--json", join(dir, "diff.json"), "--fail-on-escalation", "--allow-different-stacks"]);
    exitCode = diff.code;
    changes = (JSON.parse(readFileSync(join(dir, "diff.json"), "utf8")) as { changes: JsonChange[] }).changes;
  });

  it("exits 3 with --fail-on-escalation", () => {
    expect(exitCode).toBe(3);
  });

  it("flags the added role as an escalation", () => {
    expect(find("reporter", "roleAssignment", "added")).toEqual([expect.objectContaining({ escalation: true, item: expect.stringContaining("Monitoring Metrics Publisher") })]);
  });

  it("flags admin consent turned on as an escalation", () => {
    expect(find("directory-sync", "apiPermission", "changed")).toEqual([expect.objectContaining({ escalation: true, before: expect.objectContaining({ adminConsent: false }), after: expect.objectContaining({ adminConsent: true }) })]);
  });

  it("reports the removed permission, not as an escalation", () => {
    expect(find("mailer", "apiPermission", "removed")).toEqual([expect.objectContaining({ escalation: false, item: expect.stringContaining("User.Read.All") })]);
  });

  it("shows a secret's lifetime change as credential changes that never escalate", () => {
    const creds = changes.filter((c) => c.workload === "reporter" && c.kind === "credential");
    expect(creds.length).toBeGreaterThan(0);
    for (const c of creds) expect(c.escalation).toBe(false);
  });

  it("shows a removed workload as one change, and an added one with what it brings", () => {
    expect(changes.filter((c) => c.workload === "legacy-batch")).toEqual([expect.objectContaining({ kind: "workload", change: "removed", escalation: false })]);
    expect(find("metrics-agent", "workload", "added")).toEqual([expect.objectContaining({ escalation: true })]);
    expect(find("metrics-agent", "roleAssignment", "added")).toHaveLength(1);
  });

  it("a plan diffed with itself shows no access change", async () => {
    const self = await runCommand("diff", [join(dir, "head", "plan.json"), join(dir, "head", "plan.json"), "--fail-on-escalation"]);
    expect(self).toMatchObject({ code: 0, stdout: "No access changes.\n" });
  });
});
