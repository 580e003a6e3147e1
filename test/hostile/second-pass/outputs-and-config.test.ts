import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkOutFiles, outFileProblem, writeFileAtomically } from "../../../preview/cli/out-dir";
import { packConfigShapeProblems, settingProblem } from "../../../preview/policy-settings";
import { dir, file } from "./support";

describe("class 10, second pass: output files of diff, expiry, verify, adopt and drift", () => {
  const input = file("{}", "base-plan.json");
  const folder = path.join(dir, "reports");
  mkdirSync(folder, { recursive: true });
  it.each([
    ["an empty path", "", /an empty path/],
    ["a directory", folder, /is a directory/],
    ["the command's own input", input, /is also an input of this command/],
    ["the same input by another spelling", path.join(dir, ".", "base-plan.json"), /is also an input/],
    ["a path under a file", path.join(input, "x.md"), /is not a directory/],
  ])("%s is refused before anything is read", (_what, out, why) => {
    expect(outFileProblem("--out", out, [input])).toMatch(why);
  });

  it("an unwritable folder is refused (unless running as root)", () => {
    const locked = path.join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const problem = outFileProblem("--out", path.join(locked, "r.md"), []);
    if (process.getuid?.() !== 0) expect(problem).toMatch(/not writable/);
  });

  it("an existing report is replaced; --out and --json on the same file are refused", () => {
    const existing = file("old", "old.md");
    expect(outFileProblem("--out", existing, [input])).toBeUndefined();
    expect(() => checkOutFiles([["--out", existing], ["--json", existing]], [input])).toThrow(/are the same file/);
  });

  it("writes whole or not at all, leaving no temporary file", () => {
    const target = path.join(dir, "atomic", "r.md");
    writeFileAtomically(target, "x");
    expect(() => writeFileAtomically(path.join(dir, "atomic"), "y")).toThrow(/cannot write/);
    writeFileSync(path.join(dir, "atomic", "keep"), "");
  });
});

describe("class 1, second pass: the shape of a --policy-config document", () => {
  it.each([null, [], 5, "mandatory", true])("refuses the document %j", (config) => {
    expect(packConfigShapeProblems(config)).toEqual([expect.stringMatching(/^\(top level\): expected an object of rule names/)]);
  });

  it.each([null, 5, ["mandatory"], true])("refuses the rule entry %j, naming the rule", (entry) => {
    expect(packConfigShapeProblems({ "secret-lifetime": entry })).toEqual([expect.stringMatching(/^secret-lifetime: expected an enforcement level .* or an object of settings/)]);
  });

  it.each([{ "secret-lifetime": "mandatory" }, { "secret-lifetime": { maxSecretLifetimeDays: 90 } }, { all: "advisory" }, {}])("accepts %j", (config) => {
    expect(packConfigShapeProblems(config)).toEqual([]);
  });

  it.each([1e20, 2 ** 53, -0.5, Number.NaN])("refuses the integer setting %d", (value) => {
    expect(settingProblem({ type: "integer", minimum: 1 }, value)).toBeDefined();
  });
});
