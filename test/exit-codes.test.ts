import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { benchCommand } from "../bench/run";
import type { CommandSpec } from "../preview/cli/command";
import { EXIT, EXIT_CODES, exitCodeMarkdown } from "../preview/cli/exit-codes";
import { COMMANDS } from "../preview/cli/main";
import { catalogCommand } from "../scripts/catalog/cli";
import { childEnv, runCommand } from "./support/cli";
import { ROOT } from "./support/program";

const README = path.join(ROOT, "README.md");
const START = /<!-- exit-codes:start[^>]*-->\n/;
const END = "\n<!-- exit-codes:end -->";

function readmeTable(text = readFileSync(README, "utf8")): string {
  const start = START.exec(text);
  const end = text.indexOf(END);
  if (!start || end < 0) throw new Error("README.md has no exit-codes markers");
  return text.slice(start.index + start[0].length, end);
}

async function allSpecs(): Promise<CommandSpec<never>[]> {
  return [...(await Promise.all(Object.values(COMMANDS).map((load) => load()))), benchCommand, catalogCommand];
}

describe("one exit-code table", () => {
  it("keeps the codes pipelines rely on: plan 0/1/2/3, diff 3, expiry 4, drift 5, verify 6; internal failures 70", () => {
    expect(EXIT).toEqual({ ok: 0, policy: 1, invalid: 2, rejected: 3, escalation: 3, expiring: 4, drift: 5, verifyFailed: 6, internal: 70 });
  });

  it("is the README's table", () => {
    const expected = exitCodeMarkdown();
    if (process.env.UPDATE_README === "1") {
      const text = readFileSync(README, "utf8");
      writeFileSync(README, text.replace(readmeTable(text), expected));
    }
    expect(readmeTable(), "run: UPDATE_README=1 npx vitest run test/exit-codes.test.ts").toBe(expected);
  });

  it("says which commands end with each code, and every command ends only with codes of the table", async () => {
    const specs = await allSpecs();
    for (const spec of specs) {
      for (const code of spec.exits) {
        const row = EXIT_CODES.find((r) => r.code === code);
        expect(row, `${spec.name} ${code}`).toBeDefined();
        if (row && row.commands !== "all") expect(row.commands, `${spec.name} ends with ${code}`).toContain(spec.name);
      }
      for (const code of [EXIT.ok, EXIT.invalid, EXIT.internal]) expect(spec.exits, spec.name).toContain(code);
    }
    for (const row of EXIT_CODES.filter((r) => r.commands !== "all")) {
      for (const name of row.commands as readonly string[]) expect(specs.find((s) => s.name === name)?.exits, `${name} / ${row.code}`).toContain(row.code);
    }
  });

  it("every command answers --help with its options and exit codes, exit 0, and an unknown command with the closest ones, exit 2", async () => {
    for (const name of Object.keys(COMMANDS)) {
      const r = await runCommand(name, ["--help"]);
      expect(r.code, name).toBe(0);
      expect(r.stdout, name).toMatch(new RegExp(`^Usage: npm run ${name} -- `));
      expect(r.stdout, name).toContain("Exit codes:");
    }
    const unknown = await runCommand("plna", []);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "plna" — did you mean "plan"');
  });

  it("npm run plan / diff / expiry / changed-stacks / bench / catalog -- --help exit 0, as npm runs them", async () => {
    const help = (script: string) => new Promise<{ script: string; code: number | null; stdout: string }>((resolve) => {
      const child = spawn("npm", ["run", "--silent", script, "--", "--help"], { cwd: ROOT, env: childEnv() });
      let stdout = "";
      child.stdout.on("data", (d: Buffer) => void (stdout += d.toString()));
      child.on("close", (code) => resolve({ script, code, stdout }));
    });
    const results = await Promise.all(["plan", "diff", "expiry", "changed-stacks", "bench", "catalog"].map(help));
    for (const r of results) {
      expect(r.code, r.script).toBe(0);
      expect(r.stdout, r.script).toContain(`Usage: npm run ${r.script} --`);
    }
  });
});
