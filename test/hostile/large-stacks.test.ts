import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { generateStack } from "../../bench/generate";
import { runCommand } from "../support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "hostile-large-"));

/** A generated stack of `count` workloads with `edit` applied to its text. */
function stack(count: number, name: string, edit: (text: string) => string): string {
  const file = path.join(dir, `Pulumi.${name}-${count}.yaml`);
  writeFileSync(file, edit(generateStack(count)));
  return file;
}

const EDITS: [string, (text: string) => string][] = [
  ["keyVault given as a bare name", (t) => t.replace(/ {2}entra-workloads:keyVault:\n(?: {4}.*\n)+/, "  entra-workloads:keyVault: kv-x\n")],
  ["workloads given as a list", (t) => t.replace(/ {2}entra-workloads:workloads:\n[\s\S]*$/, "  entra-workloads:workloads: [a, b]\n")],
  ["an unknown config key", (t) => t.replace("config:\n", "config:\n  entra-workloads:owners: []\n")],
];

describe("above 125 workloads (sharded) the messages are those below (issue 12)", () => {
  it.each(EDITS)("%s: the same exit and message at 10 and 130 workloads", async (what, edit) => {
    const results = [];
    for (const count of [10, 130]) {
      const file = stack(count, what.replace(/\W+/g, "-"), edit);
      const result = await runCommand("plan", ["--stack-file", file, "--now", "2026-11-23", "--out", path.join(dir, `out-${count}`)]);
      results.push({ code: result.code, stderr: result.stderr.split(file).join("<file>").replace(/-(10|130)\.yaml/g, ".yaml") });
    }
    expect(results[0].code).toBe(2);
    expect(results[1]).toEqual(results[0]);
    expect(results[1].stderr).not.toMatch(/JSON|promises|at .*\.ts:\d+/);
  }, 180_000);
});
