/**
 * The layering of STYLE §10, checked over the sources (eslint's no-restricted-imports states the same rules; this
 * test also catches what a lint disable would hide, and what loading a module actually pulls in).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ManifestError } from "../stacks/manifest";

const ROOT = path.resolve(__dirname, "..");

function sources(dir: string): string[] {
  const full = path.join(ROOT, dir);
  return readdirSync(full).flatMap((entry) => {
    const p = path.join(full, entry);
    if (statSync(p).isDirectory()) return entry === "node_modules" || entry === "data" ? [] : sources(path.join(dir, entry));
    return /\.(ts|mts)$/.test(entry) ? [path.join(dir, entry)] : [];
  });
}

/** Every module a file imports: packages by name, project files by repository path (first folder, or the file at the root). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:\bfrom\s+|\bimport\s+|\bimport\s*\(\s*|\brequire(?:\.resolve)?\(\s*)["']([^"']+)["']/g)].map((m) => m[1]);
  return specs.map((spec) => (spec.startsWith(".") ? path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec)) : spec));
}

const layerOf = (target: string): string => (target.includes("/") ? target.split("/")[0] : target.replace(/\.(ts|mts)$/, ""));

/** Which project layers each layer may import (its own always). Packages: `@pulumi/*` only where noted. */
const ALLOWED: Record<string, { layers: string[]; pulumi: boolean }> = {
  model: { layers: [], pulumi: false },
  stacks: { layers: ["model"], pulumi: false },
  components: { layers: ["model"], pulumi: true },
  policies: { layers: ["model"], pulumi: true },
  simulator: { layers: ["model"], pulumi: true },
  preview: { layers: ["model", "stacks", "policies", "simulator"], pulumi: true },
  bench: { layers: ["model", "stacks", "simulator", "preview"], pulumi: true },
  scripts: { layers: ["model", "preview"], pulumi: false },
};

describe("layers", () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    it(`${layer}/ imports only ${[...allowed.layers, layer].join(", ")}${allowed.pulumi ? "" : ", and no @pulumi package"}`, () => {
      const offending = sources(layer).flatMap((file) => importsOf(file)
        .filter((target) => (target.startsWith("@pulumi/") ? !allowed.pulumi : isProjectPath(target) && ![layer, ...allowed.layers].includes(layerOf(target))))
        .map((target) => `${file} → ${target}`));
      expect(offending).toEqual([]);
    });
  }

  it("only index.ts and tests import components/", () => {
    const all = ["index.ts", ...Object.keys(ALLOWED).flatMap(sources)];
    const importers = all.filter((file) => !file.startsWith("components/") && importsOf(file).some((t) => layerOf(t) === "components"));
    expect(importers).toEqual(["index.ts"]);
  });

  it("loading the manifest parser and the catalogs loads no Pulumi SDK", () => {
    const script = `require("./stacks/manifest"); require("./model/catalog");
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({ pulumi: loaded.filter((m) => m.includes("@pulumi")), count: loaded.length }));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const { pulumi: sdk } = JSON.parse(r.stdout) as { pulumi: string[] };
    expect(sdk).toEqual([]);
  });

  it("the plan command loads no Pulumi SDK before it plans (a large stack's shards start first)", () => {
    const script = `require("./preview/cli/main"); require("./preview/cli/commands/plan");
      console.log(JSON.stringify(Object.keys(require.cache).filter((m) => m.includes("@pulumi"))));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it("the plan command's waiver check, after planning, loads no Pulumi SDK (it ends every plan: loading the pack took 0.6 s)", () => {
    const script = `require("./preview/plan/unmatched-waivers");
      console.log(JSON.stringify(Object.keys(require.cache).filter((m) => m.includes("@pulumi"))));`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it("a manifest error is a RunError to the Pulumi engine (printed without a stack trace), though the manifest imports no SDK", () => {
    expect(pulumi.RunError.isInstance(new ManifestError([{ path: "workloads", message: "must be a map" }]))).toBe(true);
  });
});

const PROJECT = ["model", "stacks", "components", "policies", "preview", "simulator", "bench", "scripts", "test", "index.ts", "index"];

/** A repository path (a resolved relative import), not a package. */
function isProjectPath(target: string): boolean {
  return PROJECT.includes(target.split("/")[0]);
}
