import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonNestingProblem, readBoundedJson, readBoundedText, yamlNestingProblem } from "../../../model/input-file";
import { loadWaivers, WaiverFileError } from "../../../policies/waivers";
import { readStackFile } from "../../../preview/runtime/stack-file";
import { readTenantFile } from "../../../simulator/tenant-file";
import { runCommand } from "../../support/cli";
import { dir, file, PROD, stackFileProblem } from "./support";

const fifo = path.join(dir, "fifo");
execFileSync("mkfifo", [fifo]);
const directory = path.join(dir, "a-directory");
mkdirSync(directory);
const deepJson = file(`${"[".repeat(100_000)}${"]".repeat(100_000)}`, "deep.json");
const deepYaml = file(`waivers: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`, "deep.yaml");
const laughs = file([
  "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
  ...Array.from({ length: 11 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(", ")}]`),
  "waivers: []",
].join("\n"), "laughs.yaml");
const utf16 = file(Buffer.from('{"a": 1}', "utf16le"), "utf16-no-bom.json");

/** Every reader of a file input, as the commands call it: each must refuse at once, naming the file. */
const READERS: [string, (f: string) => unknown][] = [
  ["a stack file", (f) => readStackFile(f)],
  ["a --tenant file", (f) => readTenantFile(f)],
  ["a waivers file", (f) => loadWaivers(f)],
  ["a JSON input (plan.json, snapshot, outputs)", (f) => { const r = readBoundedJson(f); if (r.problem) throw new Error(r.problem); }],
];

describe("class 9, second pass: every file input is bounded before it is read", () => {
  it.each(READERS.flatMap(([what, read]) => [
    [what, "/dev/zero", /is not a regular file/, read],
    [what, "/dev/urandom", /is not a regular file/, read],
    [what, fifo, /is not a regular file/, read],
    [what, directory, /is a directory|not a regular file/, read],
    [what, deepJson, /nests deeper than 64 levels/, read],
  ] as const))("%s: refuses %s quickly (%s)", (_what, input, why, read) => {
    const started = Date.now();
    expect(() => read(input)).toThrow(why);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("YAML nesting is measured without the yaml library's recursive composer", () => {
    expect(yamlNestingProblem(`a: ${"[".repeat(100_000)}`, "x")).toMatch(/nests deeper than 64/);
    expect(yamlNestingProblem(`a:\n  ${"- ".repeat(5_000)}x\n`, "x")).toMatch(/nests deeper than 64/);
    expect(yamlNestingProblem(PROD, "x")).toBeUndefined();
    expect(jsonNestingProblem({ a: [[{ b: 1 }]] }, "x")).toBeUndefined();
  });

  it.each([deepYaml, laughs])("a waiver file %s is a WaiverFileError (exit 2), never a crash", (input) => {
    expect(() => loadWaivers(input)).toThrow(WaiverFileError);
  });

  it("a stack file nested 100,000 levels is refused with the limit named", () => {
    expect(stackFileProblem(`config:\n  entra-workloads:workloads: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`)).toMatch(/nests deeper than 64 levels/);
  });

  it("names a UTF-16 file without a byte-order mark", () => {
    expect(readBoundedText(utf16, "x.json", 1024).problem).toMatch(/is UTF-16/);
  });

  it("reads a UTF-8 file with a byte-order mark as if it had none", () => {
    expect(readBoundedJson(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a": 1}')]), "bom.json")).value).toEqual({ a: 1 });
    expect(stackFileProblem(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(PROD)]))).toBe("");
  });

  it("a waiver file in Latin-1 names its encoding", () => {
    expect(() => loadWaivers(file(Buffer.from("waivers: []\n# r\u00e9vis\u00e9\n", "latin1"), "latin1.yaml"))).toThrow(/is not UTF-8 \(byte 0xe9/);
  });

  it.each([
    ["expiry --plan", (f: string) => ["expiry", "--plan", f, "--now", "2026-11-23"]],
    ["expiry --outputs", (f: string) => ["expiry", "--outputs", f, "--now", "2026-11-23"]],
    ["drift --snapshot", (f: string) => ["drift", "--snapshot", f, "--plan", "test/fixtures/tenant/snapshot.json", "--now", "2026-11-23"]],
    ["adopt --into", (f: string) => ["adopt", "--snapshot", "test/fixtures/tenant/snapshot.json", "--into", f, "--app", "x"]],
    ["plan --tenant", (f: string) => ["plan", "--stack", "prod", "--now", "2026-11-23", "--tenant", f, "--out", path.join(dir, "never")]],
    ["plan --stack-file", (f: string) => ["plan", "--stack-file", f, "--now", "2026-11-23", "--out", path.join(dir, "never")]],
  ] as const)("%s /dev/zero and a FIFO: exit 2 within seconds", async (_what, argv) => {
    for (const input of ["/dev/zero", fifo]) {
      const [command, ...rest] = argv(input);
      const started = Date.now();
      const result = await runCommand(command, rest);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/is not a regular file/);
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect(existsSync(path.join(dir, "never")) ? readdirSync(path.join(dir, "never")) : []).toEqual([]);
  });
});
