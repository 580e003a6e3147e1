/**
 * Issue 12, second pass, through the commands themselves: every file input is read bounded (a device or a pipe is
 * refused at once, a UTF-8 byte-order mark is dropped), a pack config of the wrong shape is exit 2 (never 70, never
 * "no config"), every output file is checked before anything is read (never written over an input), and manifest
 * text in a diff cannot become a link.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCommand } from "../support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "hostile-wired-"));
let n = 0;
const file = (text: string | Buffer) => {
  const at = path.join(dir, `in-${n++}`);
  writeFileSync(at, text);
  return at;
};
const fifo = () => {
  const at = path.join(dir, `fifo-${n++}`);
  execFileSync("mkfifo", [at]);
  return at;
};
const freshOut = () => path.join(dir, `out-${n++}`);

let plan: string;
beforeAll(async () => {
  const out = freshOut();
  const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", "--out", out]);
  expect(result.code, result.stderr).toBe(0);
  plan = path.join(out, "plan.json");
}, 60_000);

const planWith = async (flag: string, input: string) => {
  const out = freshOut();
  const started = Date.now();
  const result = await runCommand("plan", ["--stack", "prod", "--now", "2026-11-23", flag, input, "--out", out]);
  return { ...result, seconds: (Date.now() - started) / 1000, written: existsSync(out) ? readdirSync(out) : [] };
};

describe("--policy-config of the wrong shape is exit 2 naming it (issue 12)", () => {
  it.each([
    ['{"secret-lifetime": null}', "secret-lifetime"],
    ['{"all": null}', "all"],
    ['{"secret-lifetime": 5}', "secret-lifetime"],
    ['{"secret-lifetime": ["mandatory"]}', "secret-lifetime"],
    ["null", "(top level)"],
    ["[]", "(top level)"],
    ["5", "(top level)"],
    ['"mandatory"', "(top level)"],
  ])("%s", async (text, where) => {
    const result = await planWith("--policy-config", file(text));
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(where);
    expect(result.stderr.split("\n").length).toBeLessThan(6);
    expect(result.written).toEqual([]);
  });

  it("a 60 MB enforcement level is not echoed back", async () => {
    const result = await planWith("--policy-config", file(JSON.stringify({ "secret-lifetime": "x".repeat(1_000_000) })));
    expect(result.code).toBe(2);
    expect(result.stderr.length).toBeLessThan(2_000);
  });

  it("a UTF-8 byte-order mark is dropped: the config applies", async () => {
    const result = await planWith("--policy-config", file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"certificate-lifetime": {"maxCertificateLifetimeDays": 30}}')])));
    expect(result.stderr).not.toMatch(/not JSON/);
    expect(result.code, result.stderr).toBe(1); // the prod stack's 120-day certificates now break the 30-day limit
  }, 60_000);
});

describe("a device or a pipe as a JSON input is refused at once (issue 12)", () => {
  it.each([
    ["--policy-config", "/dev/zero"],
    ["--policy-config", "fifo"],
    ["--tenant-policy", "/dev/zero"],
    ["--tenant-policy", "fifo"],
    ["--tenant-policy", "/dev/urandom"],
  ])("plan %s %s", async (flag, input) => {
    const result = await planWith(flag, input === "fifo" ? fifo() : input);
    expect(result.code, result.stderr).toBe(2);
    expect(result.seconds).toBeLessThan(20);
    expect(result.written).toEqual([]);
  });

  it.each(["/dev/zero", "fifo"])("diff of %s", async (input) => {
    const result = await runCommand("diff", [input === "fifo" ? fifo() : input, plan]);
    expect(result.code, result.stderr).toBe(2);
  });
});

describe("output files are checked before anything is read or written (issue 12)", () => {
  it("diff --out over the base plan is refused and leaves it as it was", async () => {
    const base = file(readFileSync(plan));
    const before = readFileSync(base, "utf8");
    const result = await runCommand("diff", [base, plan, "--out", base]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain("is also an input of this command");
    expect(readFileSync(base, "utf8")).toBe(before);
  });

  it.each([
    ["diff --json over the head plan", () => ["diff", plan, plan, "--json", plan]],
    ["diff --out \"\"", () => ["diff", plan, plan, "--out", ""]],
    ["diff --out a directory", () => ["diff", plan, plan, "--out", dir]],
    ["diff --out and --json on one file", () => ["diff", plan, plan, "--out", path.join(dir, "same.md"), "--json", path.join(dir, "same.md")]],
    ["expiry --out over its plan", () => ["expiry", "--plan", plan, "--out", plan]],
    ["expiry --out \"\"", () => ["expiry", "--plan", plan, "--out", ""]],
    ["verify --explain --out over its plan", () => ["verify", "--plan", plan, "--explain", "--out", plan]],
    ["verify --explain --json a directory", () => ["verify", "--plan", plan, "--explain", "--json", dir]],
  ])("%s: exit 2", async (_what, argv) => {
    const [command, ...rest] = argv();
    const before = readFileSync(plan, "utf8");
    const result = await runCommand(command, rest);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/--(out|json)/);
    expect(readFileSync(plan, "utf8")).toBe(before);
  });
});

describe("manifest text in the diff's Markdown cannot become a link or markup (issue 12)", () => {
  it.each(["[x](javascript:alert(1))", "![i](https://evil.example/p.png)", "**bold** `code`", "a\rb # forged heading"])("%j in a role scope", async (text) => {
    const head = JSON.parse(readFileSync(plan, "utf8")) as { workloads: { roleAssignments: { scope: string }[] }[] };
    const workload = head.workloads.find((w) => w.roleAssignments.length > 0);
    if (workload === undefined) throw new Error("the prod plan has no role assignment to edit");
    workload.roleAssignments[0].scope = `${workload.roleAssignments[0].scope}${text}`;
    const result = await runCommand("diff", [plan, file(JSON.stringify(head))]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\n").filter((l) => l.startsWith("- "));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toMatch(/(?<!\\)\]\((?:javascript|https)/);
      expect(line).not.toMatch(/(?<!\\)\*\*bold/);
      expect(line).not.toContain("\r");
    }
  });
});
