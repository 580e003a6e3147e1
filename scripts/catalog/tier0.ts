/**
 * `npx tsx scripts/catalog/tier0.ts <maester git dir> <azure-tiering git dir> [--today YYYY-MM-DD]`
 *
 * Regenerates model/catalog/data/tier0-graph-permissions.json: the Microsoft Graph permissions with a known path to
 * Global Administrator, from two public sources, read at the commit each repository's HEAD is at:
 *
 * - maester365/maester `powershell/public/maester/entra/Test-MtHighRiskAppPermissions.ps1` (Maester's MT.1050/MT.1051
 *   high-risk app permission tests: `$allCriticalGraphPermissions`, each with Id, Name, Type and Path);
 * - emiliensocchi/azure-tiering `Microsoft Graph application permissions/tiered-msgraph-app-permissions.json`
 *   (the "Azure AD tiering" research: every entry with `"tier": "0"`).
 *
 * Both give permission ids; each id is matched against the Graph catalog (graph-permissions.json, same folder) so no
 * GUID is typed or copied: the data file keeps names and kinds, and an id the Graph catalog does not publish, or
 * whose name disagrees with it, stops the build. Works on a clone or a bare mirror (reads with `git show`).
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { readJson, writeJson, DATA_DIR, type CatalogSource } from "./source";

export const MAESTER = { repository: "maester365/maester", path: "powershell/public/maester/entra/Test-MtHighRiskAppPermissions.ps1" } as const;
export const TIERING = { repository: "emiliensocchi/azure-tiering", path: "Microsoft Graph application permissions/tiered-msgraph-app-permissions.json" } as const;

type Kind = "application" | "delegated";
/** Direct: the permission alone reaches Global Administrator; Indirect: combined with other access. */
type PathType = "Direct" | "Indirect";

export interface Tier0Entry {
  /** Path type per source that lists the permission as tier 0. */
  maester?: PathType;
  tiering?: PathType;
}

export interface Tier0Catalog {
  source: string;
  sourceCommits: CatalogSource[];
  permissions: Record<string, Partial<Record<Kind, Tier0Entry>>>;
  /** Tier-0 entries of the sources whose id the Graph catalog does not publish (hidden, retired or newer): `kind:name`. */
  notInGraphCatalog: string[];
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["--git-dir", gitDir(dir), ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

function gitDir(dir: string): string {
  return execFileSync("git", ["-C", dir, "rev-parse", "--git-dir"], { encoding: "utf8" }).trim().replace(/^(?!\/)/, `${dir}/`);
}

function sourceOf(dir: string, repository: string, file: string, today: Date): CatalogSource {
  const commit = git(dir, "rev-list", "-1", "HEAD", "--", file).trim();
  if (!commit) throw new Error(`${dir} has no ${file}; pass a clone of https://github.com/${repository}`);
  return { repository, path: file, commit, committed: git(dir, "log", "-1", "--format=%cI", commit).trim(), retrieved: today.toISOString().slice(0, 10) };
}

/** Maester's `[pscustomobject]@{ Id = '…'; Name = '…'; Type = 'Application'|'Delegated'; Path = 'Direct'|'Indirect' }` blocks. */
export function parseMaester(ps1: string): { id: string; name: string; kind: Kind; path: PathType }[] {
  const out: { id: string; name: string; kind: Kind; path: PathType }[] = [];
  for (const block of ps1.matchAll(/\[pscustomobject\]@\{([^}]*)\}/g)) {
    const field = (key: string) => new RegExp(`${key}\\s*=\\s*'([^']*)'`).exec(block[1])?.[1];
    const [id, name, type, p] = [field("Id"), field("Name"), field("Type"), field("Path")];
    if (!id || !name || (type !== "Application" && type !== "Delegated") || (p !== "Direct" && p !== "Indirect")) continue;
    out.push({ id, name, kind: type === "Application" ? "application" : "delegated", path: p });
  }
  return out;
}

interface GraphEntry { id: string }

export function buildTier0Catalog(maesterPs1: string, tieringJson: unknown, graph: { permissions: Record<string, Partial<Record<Kind, GraphEntry>>> }, sources: CatalogSource[]): Tier0Catalog {
  const byId = new Map<string, { name: string; kind: Kind }>();
  for (const [name, entry] of Object.entries(graph.permissions)) {
    for (const kind of ["application", "delegated"] as const) {
      const id = entry[kind]?.id;
      if (id) byId.set(`${kind}:${id.toLowerCase()}`, { name, kind });
    }
  }
  const permissions: Tier0Catalog["permissions"] = {};
  const unmatched = new Set<string>();
  const add = (id: string, name: string, kind: Kind, source: keyof Tier0Entry, p: PathType) => {
    const hit = byId.get(`${kind}:${id.toLowerCase()}`);
    if (!hit) {
      unmatched.add(`${kind}:${name}`); // the manifest cannot request a permission the Graph catalog lacks
      return;
    }
    if (hit.name !== name) throw new Error(`${source}: id ${id} is ${hit.name} in graph-permissions.json, not ${name}`);
    ((permissions[name] ??= {})[kind] ??= {})[source] = p;
  };
  for (const m of parseMaester(maesterPs1)) add(m.id, m.name, m.kind, "maester", m.path);
  if (!Array.isArray(tieringJson)) throw new Error(`${TIERING.path} is not a list`);
  for (const t of tieringJson as { tier?: string; id?: string; assetName?: string; pathType?: string }[]) {
    if (t.tier !== "0" || !t.id || !t.assetName) continue;
    add(t.id, t.assetName, "application", "tiering", t.pathType === "Direct" ? "Direct" : "Indirect");
  }
  const sorted = Object.fromEntries(Object.entries(permissions).sort(([a], [b]) => a.localeCompare(b)));
  const cite = sources.map((s) => `${s.repository} ${s.path}, commit ${s.commit} of ${s.committed.slice(0, 10)}`).join("; ");
  return {
    source: `${cite}. Tier 0: a known path to Global Administrator, alone (Direct) or combined with other access (Indirect). ` +
      "Maester lists application and delegated permissions; the tiering research lists application permissions. Ids were matched " +
      "against graph-permissions.json (same folder); only names and kinds are kept. Regenerate with " +
      "`npx tsx scripts/catalog/tier0.ts <clone of maester365/maester> <clone of emiliensocchi/azure-tiering>`.",
    sourceCommits: sources,
    permissions: sorted,
    notInGraphCatalog: [...unmatched].sort(),
  };
}

function main(argv: string[]): void {
  const todayAt = argv.indexOf("--today");
  const today = todayAt >= 0 ? new Date(`${argv[todayAt + 1]}T00:00:00Z`) : new Date();
  const [maesterDir, tieringDir] = argv.filter((a, i) => !a.startsWith("--") && argv[i - 1] !== "--today");
  if (!maesterDir || !tieringDir) throw new Error("usage: tsx scripts/catalog/tier0.ts <maester git dir> <azure-tiering git dir> [--today YYYY-MM-DD]");
  const sources = [sourceOf(maesterDir, MAESTER.repository, MAESTER.path, today), sourceOf(tieringDir, TIERING.repository, TIERING.path, today)];
  const ps1 = git(maesterDir, "show", `${sources[0].commit}:${MAESTER.path}`);
  const tiering: unknown = JSON.parse(git(tieringDir, "show", `${sources[1].commit}:${TIERING.path}`));
  const graph = readJson(path.join(DATA_DIR, "graph-permissions.json")) as Parameters<typeof buildTier0Catalog>[2];
  const catalog = buildTier0Catalog(ps1, tiering, graph, sources);
  const file = writeJson(path.join(DATA_DIR, "tier0-graph-permissions.json"), catalog, 1);
  process.stdout.write(`${file}: ${Object.keys(catalog.permissions).length} tier-0 Microsoft Graph permissions\n`);
}

if (require.main === module) main(process.argv.slice(2));
