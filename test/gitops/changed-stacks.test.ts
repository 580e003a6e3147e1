import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../preview/changed-stacks-cli";
import { changedStacks } from "../../preview/changed-stacks";
import { tempDir } from "./fixtures";
import { runChild, runInProcess } from "./run";

const ALL = ["dev", "prod", "team-a"];

describe("changed stacks", () => {
  it.each([
    ["a stack file", ["stacks/Pulumi.dev.yaml"], ["dev"]],
    ["two stack files and docs", ["stacks/Pulumi.prod.yaml", "README.md", "stacks/Pulumi.team-a.yaml"], ["prod", "team-a"]],
    ["a component", ["components/workload.ts"], ALL],
    ["a policy", ["policies/secret-lifetime.ts"], ALL],
    ["the preview", ["preview/cli.ts"], ALL],
    ["the program", ["index.ts"], ALL],
    ["package.json", ["package.json"], ALL],
    ["the lock file", ["package-lock.json"], ALL],
    ["the manifest schema", ["stacks/schema.ts"], ALL],
    ["a deleted stack next to shared code", ["components/x.ts", "stacks/Pulumi.old.yaml"], ["dev", "old", "prod", "team-a"]],
    ["workflows and docs only", [".github/workflows/deploy.yml", "docs/github-actions.md", "test/gitops/diff.test.ts"], []],
    ["nothing", [], []],
  ] as const)("%s", (_what, files, expected) => {
    expect(changedStacks(files, ALL).stacks).toEqual(expected);
  });
});

/** A throwaway git repository with two stacks; returns a function that commits files. */
function repo() {
  const dir = tempDir("stacks-repo-");
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

describe("changed-stacks CLI over git", () => {
  it("lists the stacks a commit range touches, as JSON", () => {
    const r = repo();
    const base = r.commit({ "stacks/Pulumi.dev.yaml": "a", "stacks/Pulumi.prod.yaml": "a", "index.ts": "" });
    r.commit({ "stacks/Pulumi.prod.yaml": "b" });
    expect(runInProcess((argv, io) => main(argv, io, r.dir), ["--base", base]).stdout).toBe('["prod"]\n');
    r.commit({ "components/x.ts": "x" });
    expect(runInProcess((argv, io) => main(argv, io, r.dir), ["--base", base, "--merge-base"]).stdout).toBe('["dev","prod"]\n');
  });

  it("drops deleted stacks with --existing-only (deploy), keeps them otherwise (pull-request diff)", () => {
    const r = repo();
    const base = r.commit({ "stacks/Pulumi.dev.yaml": "a", "stacks/Pulumi.old.yaml": "a" });
    r.commit({ "stacks/Pulumi.old.yaml": null });
    expect(runInProcess((argv, io) => main(argv, io, r.dir), ["--base", base]).stdout).toBe('["old"]\n');
    expect(runInProcess((argv, io) => main(argv, io, r.dir), ["--base", base, "--existing-only"]).stdout).toBe("[]\n");
  });

  it("takes every stack when the base is not a commit (first push: all zeros)", () => {
    const r = repo();
    r.commit({ "stacks/Pulumi.dev.yaml": "a", "stacks/Pulumi.prod.yaml": "a" });
    const out = runInProcess((argv, io) => main(argv, io, r.dir), ["--base", "0000000000000000000000000000000000000000"]);
    expect(out.stdout).toBe('["dev","prod"]\n');
    expect(out.stderr).toMatch(/not a commit here/);
  });

  it("runs as a child process with --all and exits 2 without --base", () => {
    const r = repo();
    r.commit({ "stacks/Pulumi.dev.yaml": "a", "stacks/Pulumi.team-a.yaml": "a", "stacks/README.md": "" });
    expect(runChild("preview/changed-stacks-cli.ts", ["--all"], r.dir)).toMatchObject({ code: 0, stdout: '["dev","team-a"]\n' });
    expect(runChild("preview/changed-stacks-cli.ts", [], r.dir)).toMatchObject({ code: 2, stderr: "changed-stacks: give --base REF (or --all)\n" });
  });
});
