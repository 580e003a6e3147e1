import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";

const fresh = () => mkdtempSync(path.join(tmpdir(), "hostile-out-"));

describe("--out is checked before planning, and written whole or not at all (issue 12)", () => {
  it.each([
    ["an existing file", (d: string) => { const f = path.join(d, "file"); writeFileSync(f, "x"); return f; }, /exists and is not a directory/],
    ["an empty path", () => "", /an empty path/],
    ["a directory where plan.json goes", (d: string) => { mkdirSync(path.join(d, "plan.json")); return d; }, /plan\.json there is a directory/],
    ["a directory where access-report.md goes", (d: string) => { mkdirSync(path.join(d, "access-report.md")); return d; }, /access-report\.md there is a directory/],
    ["a path under a file", (d: string) => { writeFileSync(path.join(d, "f"), "x"); return path.join(d, "f", "sub"); }, /is not a directory/],
  ])("%s: exit 2 at once, nothing written", async (_what, make, message) => {
    const dir = fresh();
    const out = make(dir);
    const before = readdirSync(dir).sort();
    const started = Date.now();
    const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--out", out]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(existsSync(path.join(dir, "plan.json.tmp"))).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("writes both files and leaves no temporary file", async () => {
    const out = path.join(fresh(), "a", "b");
    const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["access-report.md", "plan.json"]);
  });
});

describe("a --waivers file that does not exist (issue 12)", () => {
  it.each(["missing.yaml", "policies/waiver.yaml", "../waivers.yaml"])("--waivers %s exits 2 instead of meaning no waivers", async (file) => {
    const out = fresh();
    const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--waivers", file, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--waivers ${file}: no such file`);
    expect(readdirSync(out)).toEqual([]);
  });
});
