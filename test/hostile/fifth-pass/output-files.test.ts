/**
 * Issue 12, fifth pass, "`--out` problems": outputs the earlier passes did not try. A name longer than Linux allows
 * (NAME_MAX 255 bytes; the temporary name adds more) failed with ENAMETOOLONG only when written: exit 70 after the whole
 * plan, or after the diff: now exit 2 before anything is read or planned, nothing written. An existing FIFO, or a link
 * to a device (`--json /dev/null`), was replaced by a regular file (the atomic write renames over it; as root
 * `--out /dev/null` would replace /dev/null itself): now written into, as any Unix tool writes there. A report written
 * through a symbolic link replaced the link: now written to the link's file.
 */
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCommand, type CliResult } from "../../support/cli";
import { ROOT } from "../../support/program";

const dir = mkdtempSync(path.join(tmpdir(), "hostile5-out-"));
const at = (name: string) => path.join(dir, name);
const LONG = "a".repeat(250);
const fifo = (name: string): string => {
  execFileSync("mkfifo", [at(name)]);
  return at(name);
};
const clean = (result: CliResult) => expect(result.stdout + result.stderr).not.toMatch(/ENAMETOOLONG|at .*\.[jt]s:\d+|run with --debug/);

let plan = "";
let snapshot = "";
beforeAll(async () => {
  const result = await runCommand("plan", ["--stack", "dev", "--now", "2026-11-23", "--out", at("dev")]);
  expect(result.code, result.stderr).toBe(0);
  plan = at("dev/plan.json");
  snapshot = path.join(ROOT, "test", "fixtures", "tenant", "snapshot.json");
}, 60_000);

describe("an output name longer than Linux allows is exit 2 before the work", () => {
  it("plan --out <dir>/<300-byte name>/x: exit 2 naming NAME_MAX, nothing planned or created", async () => {
    const out = at(`x/${LONG}${LONG}/y`);
    const result = await runCommand("plan", ["--stack", "dev", "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/NAME_MAX/);
    expect(result.stdout).toBe("");
    clean(result);
    expect(existsSync(at("x"))).toBe(false);
  });

  it("plan --out with a path over PATH_MAX: exit 2", async () => {
    const out = at(Array.from({ length: 20 }, () => "b".repeat(240)).join("/"));
    const result = await runCommand("plan", ["--stack", "dev", "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/PATH_MAX/);
    clean(result);
  });

  it.each([
    ["diff --out", () => ["diff", [plan, plan, "--out", at(`${LONG}.md`)]]],
    ["verify --json", () => ["verify", ["--explain", "--plan", plan, "--json", at(`${LONG}.json`)]]],
    ["drift --out", () => ["drift", ["--snapshot", snapshot, "--plan", plan, "--out", at(`${LONG}.md`)]]],
    ["expiry --out", () => ["expiry", ["--plan", plan, "--out", at(`${LONG}.md`)]]],
  ] as [string, () => [string, string[]]][])("%s <250-byte name> (its temporary name is longer than 255): exit 2, not 70", async (_what, args) => {
    const [command, argv] = args();
    const result = await runCommand(command, argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/NAME_MAX/);
    clean(result);
  });
});

describe("an output that is a FIFO or a device is written into, never replaced", () => {
  /** A reader on the FIFO (as `cat fifo` in another shell): what the command wrote there. */
  const reader = (target: string): Promise<string> => {
    const child = spawn("cat", [target], { stdio: ["ignore", "pipe", "ignore"] });
    let text = "";
    child.stdout.setEncoding("utf8").on("data", (t: string) => void (text += t));
    return new Promise((resolve) => child.on("close", () => resolve(text)));
  };

  it.each([
    ["diff --out", (f: string) => ["diff", [plan, plan, "--out", f]], "No access changes"],
    ["expiry --out", (f: string) => ["expiry", ["--plan", plan, "--now", "2026-11-23", "--out", f]], "stack dev"],
    ["verify --out", (f: string) => ["verify", ["--explain", "--plan", plan, "--out", f]], "law-reader"],
    ["drift --json", (f: string) => ["drift", ["--snapshot", snapshot, "--plan", plan, "--json", f]], "findings"],
  ] as [string, (f: string) => [string, string[]], string][])("%s <FIFO>: the report goes through it, the FIFO stays", async (what, args, expected) => {
    const target = fifo(`fifo-${what.replace(/\W/g, "")}`);
    const read = reader(target);
    const [command, argv] = args(target);
    const result = await runCommand(command, argv);
    expect(result.code, result.stderr).toBe(0);
    expect(await read).toContain(expected);
    expect(lstatSync(target).isFIFO()).toBe(true);
  });

  it("diff --json <a link to /dev/null>: exit 0, the link stays a link to the device", async () => {
    const link = at("devnull");
    symlinkSync("/dev/null", link);
    const result = await runCommand("diff", [plan, plan, "--json", link]);
    expect(result.code, result.stderr).toBe(0);
    expect(readlinkSync(link)).toBe("/dev/null");
    expect(lstatSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("adopt --report <FIFO>: the report goes through it, the stack file is written", async () => {
    const into = at("Pulumi.adopt.yaml");
    copyFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), into);
    const before = readFileSync(into, "utf8");
    const target = fifo("adopt-report");
    const read = reader(target);
    const result = await runCommand("adopt", ["--snapshot", snapshot, "--into", into, "--app", "631a96bc-a705-4eda-9f99-fdaf9f54f6a2", "--report", target]);
    expect(result.code, result.stderr).toBe(0);
    expect(await read).toContain("Adopted into");
    expect(readFileSync(into, "utf8")).not.toBe(before);
    expect(lstatSync(target).isFIFO()).toBe(true);
  });

  it("plan --out <dir> where plan.json is a FIFO: exit 2 before planning, saying what is there", async () => {
    mkdirSync(at("fifo-out"));
    const target = fifo("fifo-out/plan.json");
    const result = await runCommand("plan", ["--stack", "dev", "--out", at("fifo-out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("plan.json there is a FIFO");
    expect(lstatSync(target).isFIFO()).toBe(true);
    expect(existsSync(at("fifo-out/access-report.md"))).toBe(false);
  });
});

it("a report written through a symbolic link goes to the link's file; the link stays", async () => {
  writeFileSync(at("real.md"), "old\n");
  symlinkSync("real.md", at("link.md"));
  const result = await runCommand("expiry", ["--plan", plan, "--now", "2026-11-23", "--out", at("link.md")]);
  expect(result.code, result.stderr).toBe(0);
  expect(lstatSync(at("link.md")).isSymbolicLink()).toBe(true);
  expect(readFileSync(at("real.md"), "utf8")).toContain("stack dev");
});
