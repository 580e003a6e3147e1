import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** Where a catalog was generated from: a public repository, the file(s) read, and the exact commit. */
export interface CatalogSource {
  /** `owner/name` on GitHub. */
  repository: string;
  /** File or glob inside the repository that was read. */
  path: string;
  /** Full commit id of the checkout that was read. */
  commit: string;
  /** Committer date of that commit (ISO 8601): how fresh the export is. */
  committed: string;
  /** Day the generator read the export (YYYY-MM-DD). */
  retrieved: string;
}

/**
 * The commit a checkout is at. The export must be a git work tree (a `git clone` of the public repository), so
 * the commit is read from git rather than typed: a catalog can only ever name the commit it was built from.
 */
export function checkoutSource(checkout: string, repository: string, file: string, today: Date): CatalogSource {
  const git = (...args: string[]) => execFileSync("git", ["-C", checkout, ...args], { encoding: "utf8" }).trim();
  let commit: string;
  try {
    commit = git("rev-parse", "HEAD");
  } catch {
    throw new Error(`${checkout} is not a git checkout; clone https://github.com/${repository} and pass the clone's path`);
  }
  const dirty = git("status", "--porcelain", "--", file.replace(/\/?\*.*$/, "") || ".");
  if (dirty) throw new Error(`${checkout} has local changes under ${file}; the catalog must come from a published commit`);
  return { repository, path: file, commit, committed: git("log", "-1", "--format=%cI"), retrieved: today.toISOString().slice(0, 10) };
}

export function readJson(file: string): unknown {
  if (!existsSync(file)) throw new Error(`${file} does not exist`);
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Writes `value` as JSON with `indent`, ending in a newline; returns the path written. */
export function writeJson(file: string, value: unknown, indent: number): string {
  writeFileSync(file, `${JSON.stringify(value, null, indent)}\n`);
  return file;
}

/** model/catalog/data, where the generated catalogs live. */
export const DATA_DIR = path.resolve(__dirname, "../../model/catalog/data");
