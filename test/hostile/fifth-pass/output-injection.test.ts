/**
 * Issue 12, fifth pass, "Injection": text nobody escaped yet. Control characters echoed back by the command line
 * itself (commander's "unknown option", an option's refused value, an unknown command's name), Markdown images and
 * links in a table cell or heading (a description or a tenant display name in the diff, drift and adopt reports:
 * `![x](https://…)` loads a picture from anywhere in a pull-request comment), a tenant display name holding an escape
 * sequence written raw into the stack file adopt writes, and a changed path holding a bidi override printed raw by
 * changed-stacks --code. Each through the real command.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { gitRepo } from "../../gitops/git-repo";
import { runCommand, type CliResult } from "../../support/cli";
import { ROOT } from "../../support/program";

const dir = mkdtempSync(path.join(tmpdir(), "hostile5-inject-"));
const file = (name: string, data: unknown): string => {
  const at = path.join(dir, name);
  writeFileSync(at, typeof data === "string" ? data : JSON.stringify(data));
  return at;
};
const ESCAPES = "\u001b]0;PWNED\u0007\u001b[2J\u202e";
/** No raw control or bidi character anywhere the command printed (newline and tab are text). */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const all = (r: CliResult) => r.stdout + r.stderr;
const IMAGE = "![px](https://evil.example/p.png) [click](https://evil.example)";
/** A rendered Markdown image or link: `[` not escaped, followed by `](`. */
const LINK = /(?<!\\)\[[^\]]*(?<!\\)\]\(/;

const SNAPSHOT = path.join(ROOT, "test", "fixtures", "tenant", "snapshot.json");
interface Snapshot { applications: { appId: string; displayName: string; passwordCredentials?: { displayName?: string }[] }[]; servicePrincipals: { displayName?: string }[] }
function snapshotNamed(displayName: string, secretName?: string): { file: string; appId: string } {
  const snapshot = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Snapshot;
  const [app] = snapshot.applications;
  for (const sp of snapshot.servicePrincipals) if (sp.displayName === app.displayName) sp.displayName = displayName;
  app.displayName = displayName;
  if (secretName !== undefined) for (const p of app.passwordCredentials ?? []) p.displayName = secretName;
  return { file: file(`snapshot-${Math.random().toString(36).slice(2)}.json`, snapshot), appId: app.appId };
}

let devPlan = "";
beforeAll(async () => {
  const result = await runCommand("plan", ["--stack", "dev", "--now", "2026-11-23", "--out", path.join(dir, "dev")]);
  expect(result.code, result.stderr).toBe(0);
  devPlan = path.join(dir, "dev", "plan.json");
}, 60_000);

describe("what the command line echoes reaches the terminal with its controls visible", () => {
  it.each([
    ["an unknown option", "plan", [`--x${ESCAPES}`]],
    ["an unknown command", `pl${ESCAPES}`, []],
    ["a refused choice", "verify", ["--explain", "--plan", "plan.json", "--flow", ESCAPES]],
    ["a refused number", "expiry", ["--within-days", `1${ESCAPES}`]],
    ["a refused number (drift)", "drift", ["--snapshot", "s.json", "--plan", "p.json", "--within-days", ESCAPES]],
  ])("%s: exit 2, the value shown as \\u{1b}", async (_what, command, argv) => {
    const result = await runCommand(command, argv);
    expect(result.code).toBe(2);
    expect(all(result)).not.toMatch(RAW);
    expect(all(result)).toContain("\\u{1b}");
  });
});

describe("Markdown images and links in text from a manifest or a tenant are not rendered", () => {
  it("diff: a description holding an image and a link stays text in the change table", async () => {
    const plan = JSON.parse(readFileSync(devPlan, "utf8")) as { workloads: { description?: string }[] };
    plan.workloads[0].description = `Reads logs ${IMAGE}`;
    const head = file("head.json", plan);
    const result = await runCommand("diff", [devPlan, head]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("evil.example");
    expect(result.stdout).not.toMatch(LINK);
  });

  it("drift: an unmanaged secret's and an application's display name stay text", async () => {
    const { file: snapshot } = snapshotNamed(`App ${IMAGE}`, `pw ${IMAGE}`);
    const result = await runCommand("drift", ["--snapshot", snapshot, "--plan", devPlan, "--within-days", "100000", "--now", "2021-01-01", "--deployer", "00000000-0000-0000-0000-000000000001"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("evil.example");
    expect(result.stdout).not.toMatch(LINK);
  });

  it("adopt: the report's heading keeps the name as text, the stack file's comment is one line", async () => {
    const { file: snapshot, appId } = snapshotNamed(`App ${IMAGE}\n# Forged heading\n<img src=x>`);
    const into = path.join(dir, "Pulumi.adopt1.yaml");
    copyFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), into);
    const report = path.join(dir, "adopt1.md");
    const result = await runCommand("adopt", ["--snapshot", snapshot, "--into", into, "--app", appId, "--report", report]);
    expect(result.code, result.stderr).toBe(0);
    const markdown = readFileSync(report, "utf8");
    expect(markdown).toContain("evil.example");
    expect(markdown).not.toMatch(LINK);
    expect(markdown).not.toMatch(/^#+ Forged|<img/m);
    // The comment adopt writes above the entry is one line: the name's second line is on it, not a comment of its own.
    const comment = readFileSync(into, "utf8").split("\n").find((line) => line.includes("# Adopted by npm run adopt"));
    expect(comment).toContain("# Forged heading <img src=x> (");
  });
});

describe("text from a tenant or git that a terminal or stack file must not get raw", () => {
  it("adopt: a display name holding an escape sequence is exit 2 naming it, nothing written", async () => {
    const { file: snapshot, appId } = snapshotNamed(`Evil${ESCAPES}`);
    const into = path.join(dir, "Pulumi.adopt2.yaml");
    copyFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), into);
    const before = readFileSync(into, "utf8");
    const report = path.join(dir, "adopt2.md");
    const result = await runCommand("adopt", ["--snapshot", snapshot, "--into", into, "--app", appId, "--report", report]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/displayName: contains U\+001B/);
    expect(result.stderr).toContain("nothing written");
    expect(all(result)).not.toMatch(RAW);
    expect(readFileSync(into, "utf8")).toBe(before);
    expect(existsSync(report)).toBe(false);
  });

  it("changed-stacks --code: a changed path holding a bidi override or a newline is valid JSON with the characters escaped", async () => {
    const repo = gitRepo("hostile5-code-");
    const base = repo.commit({ "components/a.ts": "a" });
    repo.commit({ "components/ev\u202eil.ts": "b", "policies/x\ny.ts": "c" });
    const result = await runCommand("changed-stacks", ["--base", base, "--code"], { cwd: repo.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(all(result)).not.toMatch(RAW);
    expect(result.stdout).toContain("\\u202e");
    expect(JSON.parse(result.stdout)).toEqual(expect.arrayContaining(["components/ev\u202eil.ts", "policies/x\ny.ts"]));
  });

  it("changed-stacks: a shared path holding an escape is named on one line with the escape visible", async () => {
    const repo = gitRepo("hostile5-shared-");
    const base = repo.commit({ "stacks/Pulumi.dev.yaml": "config: {}\n" });
    repo.commit({ [`components/x${ESCAPES}\n::error::forged.ts`]: "b" });
    const result = await runCommand("changed-stacks", ["--base", base], { cwd: repo.dir });
    expect(result.code, result.stderr).toBe(0);
    expect(all(result)).not.toMatch(RAW);
    expect(result.stderr.split("\n").filter((l) => l.startsWith("::"))).toEqual([]);
  });
});
