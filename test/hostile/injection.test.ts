import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readStackFile } from "../../preview/runtime/stack-file";
import { visibleControls } from "../../preview/text-escape";
import { runCommand } from "../support/cli";
import { ROOT } from "../support/program";

const PROD = readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
const ESC = "\u001b";

describe("manifest text in the access report is escaped for Markdown and HTML (issue 12)", () => {
  const descriptions = [
    "Reads logs\n\n# Forged heading\n<img src=x onerror=alert(1)>",
    "line one\n## Approved by security\n- [x] reviewed",
    "<script>alert(1)</script> and **bold** and [link](https://evil.example)",
  ];
  it.each(descriptions)("renders %j as one quoted line without raw HTML or forged headings", async (description) => {
    const dir = mkdtempSync(path.join(tmpdir(), "hostile-md-"));
    const file = path.join(dir, "Pulumi.md.yaml");
    writeFileSync(file, PROD.replace("description: Queries the platform Log Analytics workspace over REST", `description: ${JSON.stringify(description)}`));
    const out = path.join(dir, "out");
    const result = await runCommand("plan", ["--stack-file", file, "--now", "2026-11-23", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const report = readFileSync(path.join(out, "access-report.md"), "utf8");
    expect(report).not.toMatch(/<img|<script/);
    expect(report).not.toMatch(/^#+ (Forged|Approved)/m);
    expect(report).not.toMatch(/^- \[x\]/m);
    expect(report).not.toContain("[link](");
    const quoted = report.split("\n").find((l) => l.startsWith("> ") && l.includes("line one") || l.includes("Reads logs") || l.includes("alert"));
    expect(quoted).toBeDefined();
  }, 120_000);
});

describe("control characters never reach the terminal raw (issue 12)", () => {
  it.each([
    [`${ESC}]0;pwned\u0007`, "\\u{1b}]0;pwned\\u{7}"],
    [`${ESC}[2J${ESC}[H`, "\\u{1b}[2J\\u{1b}[H"],
    ["\u009b31m", "\\u{9b}31m"],
    ["abc\u202edcb", "abc\\u{202e}dcb"],
  ])("shows %j as visible escapes", (raw, shown) => {
    expect(visibleControls(`a ${raw}\nb\tc`)).toBe(`a ${shown}\nb\tc`);
  });

  it.each([`x${ESC}]0;pwned${ESC}\\`, `x${ESC}[2J`, "x\u0007"])("an input error quoting %j prints no control character", async (name) => {
    const result = await runCommand("plan", ["--stack-file", path.join(tmpdir(), `Pulumi.${name}.yaml`), "--now", "2026-11-23"]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(result.stderr).toContain("\\u{");
  });
});

describe("stack names (issue 12)", () => {
  it.each(["../prod", "a/b", "dev::x", "a b", "..", "x".repeat(101), ""])("--stack %j exits 2 naming Pulumi's rule", async (name) => {
    const result = await runCommand("plan", ["--stack", name, "--now", "2026-11-23"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not one Pulumi accepts/);
  });

  it.each(["Pulumi.dev::x.yaml", "Pulumi.a b.yaml", "Pulumi.a:b.yaml"])("a stack file named %s is refused", (base) => {
    const dir = mkdtempSync(path.join(tmpdir(), "hostile-name-"));
    const file = path.join(dir, base);
    writeFileSync(file, PROD);
    expect(() => readStackFile(file)).toThrow(/is not one Pulumi accepts/);
  });

  it.each(["dev", "prod", "eu.prod-2", "feature_x"])("--stack %s is a valid name", (name) => {
    const dir = mkdtempSync(path.join(tmpdir(), "hostile-name-"));
    const file = path.join(dir, `Pulumi.${name}.yaml`);
    writeFileSync(file, PROD);
    expect(readStackFile(file).stackName).toBe(name);
  });
});
