/** A throwaway git repository for the changed-stacks and changed-code tests. */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./fixtures";

export interface GitRepo {
  dir: string;
  /** Writes (or, with null, deletes) files, commits them, and returns the commit's SHA. */
  commit(files: Record<string, string | null>): string;
}

export function gitRepo(prefix = "stacks-repo-"): GitRepo {
  const dir = tempDir(prefix);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
  git("init", "-q", "-b", "main");
  git("config", "user.email", "test@example.com");
  git("config", "user.name", "test");
  const commit = (files: Record<string, string | null>) => {
    for (const [path, text] of Object.entries(files)) {
      if (text === null) git("rm", "-q", path);
      else {
        mkdirSync(join(dir, path, ".."), { recursive: true });
        writeFileSync(join(dir, path), text);
        git("add", path);
      }
    }
    git("commit", "-q", "-m", "change");
    return git("rev-parse", "HEAD");
  };
  return { dir, commit };
}
