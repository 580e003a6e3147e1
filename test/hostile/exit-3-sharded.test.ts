/**
 * Above 125 workloads a plan runs in shard processes (preview/plan/shard.ts). Issue 12: on exit 3 they printed the
 * Pulumi SDK's ten-line "promises were still active" report, and the program's lines and the rejections came in
 * another order than below 125. Every exit-3 case of the conformance suite is planned twice through the CLI, as
 * written and padded past 125 workloads with managed identities that hold nothing, and must print the same lines.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SHARD_THRESHOLD } from "../../preview/plan/shard";
import { ALL_CASES } from "../conformance/all-cases";
import type { ConformanceCase } from "../conformance/case";
import { runCommand } from "../support/cli";
import { ROOT } from "../support/program";

const dir = mkdtempSync(path.join(tmpdir(), "hostile-exit3-sharded-"));
const PADDING_NAME = "pad";

/** `workloads` with managed identities that hold nothing added until there are more than SHARD_THRESHOLD; `at` is where the originals go. */
function padded(workloads: Record<string, unknown>, at: number): Record<string, unknown> {
  const entries = Object.entries(workloads);
  const count = SHARD_THRESHOLD + 1 - entries.length;
  const padding = Array.from({ length: count }, (_, i) =>
    [`${PADDING_NAME}-${String(i).padStart(4, "0")}`, { type: "managedIdentity", description: "holds nothing", resourceGroupName: "rg-padding" }] as const);
  const cut = Math.round(padding.length * at);
  const half = Math.ceil(entries.length / 2);
  // The originals' first half after `at` of the padding, the rest at the end: a rejection in more than one shard.
  return Object.fromEntries([...padding.slice(0, cut), ...entries.slice(0, half), ...padding.slice(cut), ...entries.slice(half)]);
}

function writeStack(folder: string, stack: string, config: Record<string, unknown>): string {
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `Pulumi.${stack}.yaml`);
  writeFileSync(file, stringify({ config }));
  return file;
}

function caseConfig(c: ConformanceCase, workloads: Record<string, unknown>): Record<string, unknown> {
  const config: Record<string, unknown> = { "azure-native:location": "westeurope" };
  if (c.manifest.keyVault !== undefined) config["entra-workloads:keyVault"] = c.manifest.keyVault;
  if (c.manifest.defaults !== undefined) config["entra-workloads:defaults"] = c.manifest.defaults;
  config["entra-workloads:workloads"] = workloads;
  return config;
}

/** What the program printed through the SDK's log (console in this process; relayed from the shards by the planner). */
const printed: string[] = [];
beforeEach(() => {
  printed.length = 0;
  for (const method of ["log", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(`${args.map(String).join(" ")}\n`));
  }
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
  }
});
afterEach(() => vi.restoreAllMocks());

interface Seen { code: number; stdout: string; cli: string[]; program: string[]; written: boolean }

/** Plans `file` through the CLI; its lines with the stack file's folder as `<dir>`, without the progress lines only large stacks get. */
async function plan(file: string, tenant: string): Promise<Seen> {
  const out = path.join(path.dirname(file), "out");
  printed.length = 0;
  const r = await runCommand("plan", ["--stack-file", file, "--tenant", tenant, "--now", "2026-11-23", "--out", out]);
  // The CLI may show the file relative to the working directory (a checkout under the temp folder gives "../…").
  const folders = [path.dirname(file), path.relative(process.cwd(), path.dirname(file))];
  const lines = (text: string) => folders.reduce((t, folder) => t.split(folder).join("<dir>"), text)
    .split("\n").filter((l) => l !== "" && !/^planning \d+ workloads: /.test(l));
  return { code: r.code, stdout: r.stdout, cli: lines(r.stderr), program: lines(printed.join("")), written: existsSync(out) };
}

function expectSame(small: Seen, large: Seen): void {
  expect(small.code, small.cli.join("\n")).toBe(3);
  expect(large).toEqual(small);
  expect(large.written).toBe(false);
  const rejections = large.cli.filter((l) => / \[[^\]]+\]: /.test(l));
  expect(rejections.length).toBeGreaterThan(0);
  for (const line of rejections) expect(line).toMatch(/\((workloads\.[a-z0-9-]+ in|a resource the stack shares;) <dir>\/Pulumi\.[\w.-]+\.yaml\)$/);
  const everything = [...large.cli, ...large.program].join("\n");
  expect(everything).not.toMatch(/promises were still active|PULUMI_DEBUG_PROMISE_LEAKS|^\s+at .+:\d+/m);
  expect(everything).not.toContain(`${PADDING_NAME}-0`);
}

const EXIT_3 = ALL_CASES.filter((c) => c.expect.exit === 3);

describe("exit 3 above 125 workloads (sharded) prints what it prints below (issue 12)", () => {
  it("covers every exit-3 case of the conformance suite", () => {
    expect(EXIT_3.length).toBeGreaterThanOrEqual(8);
  });

  it.each(EXIT_3.map((c, i) => [c.rule, c, i] as const))("%s: the same lines as written and padded past 125 workloads", async (_rule, c, i) => {
    const tenant = path.join(dir, `${c.rule}.tenant.json`);
    writeFileSync(tenant, JSON.stringify(c.tenant ?? {}));
    const workloads = (c.manifest.workloads ?? {}) as Record<string, unknown>;
    const stack = c.stack ?? "test";
    const small = await plan(writeStack(path.join(dir, c.rule, "small"), stack, caseConfig(c, workloads)), tenant);
    // The case's workloads at a different place in the padding each time: first, middle or last shard.
    const large = await plan(writeStack(path.join(dir, c.rule, "large"), stack, caseConfig(c, padded(workloads, (i % 3) / 2))), tenant);
    expectSame(small, large);
  }, 120_000);

  it("the dev stack with an owner that is a group: the program's lines and the rejections in one order, spread over two shards", async () => {
    const dev = parse(readFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };
    const tenant = path.join(ROOT, "test", "fixtures", "tenants", "owner-is-a-group.json");
    const small = await plan(writeStack(path.join(dir, "dev", "small"), "dev", dev.config), tenant);
    const spread = { ...dev.config, "entra-workloads:workloads": padded(dev.config["entra-workloads:workloads"] as Record<string, unknown>, 0.5) };
    const large = await plan(writeStack(path.join(dir, "dev", "large"), "dev", spread), tenant);
    expect(small.cli.filter((l) => l.includes("[azuread:index/application:Application]")).length).toBeGreaterThan(4);
    expect(small.program.length).toBeGreaterThan(4);
    expectSame(small, large);
  }, 120_000);
});
