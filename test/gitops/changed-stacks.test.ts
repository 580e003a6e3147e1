import { describe, expect, it } from "vitest";
import { main } from "../../preview/cli/commands/changed-stacks";
import { changedStacks } from "../../preview/changed-stacks";
import { gitRepo } from "./git-repo";
import { runChild, runInProcess } from "./run";

const ALL = ["dev", "prod", "team-a"];

describe("changed stacks", () => {
  it.each([
    ["a stack file", ["stacks/Pulumi.dev.yaml"], ["dev"]],
    ["two stack files and docs", ["stacks/Pulumi.prod.yaml", "README.md", "stacks/Pulumi.team-a.yaml"], ["prod", "team-a"]],
    ["a component", ["components/workload.ts"], ALL],
    ["the model (a catalog, a platform limit)", ["model/catalog/data/azure-builtin-roles.json"], ALL],
    ["a policy", ["policies/secret-lifetime.ts"], ALL],
    ["the preview", ["preview/cli/commands/plan.ts"], ALL],
    ["the simulator", ["simulator/arm.ts"], ALL],
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


describe("changed-stacks CLI over git", () => {
  it("lists the stacks a commit range touches, as JSON", () => {
    const r = gitRepo("stacks-repo-");
    const base = r.commit({ "stacks/Pulumi.dev.yaml": "a", "stacks/Pulumi.prod.yaml": "a", "index.ts": "" });
    r.commit({ "stacks/Pulumi.prod.yaml": "b" });
    expect(runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", base]).stdout).toBe('["prod"]\n');
    r.commit({ "components/x.ts": "x" });
    expect(runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", base, "--merge-base"]).stdout).toBe('["dev","prod"]\n');
  });

  it("drops deleted stacks with --existing-only (deploy), keeps them otherwise (pull-request diff)", () => {
    const r = gitRepo("stacks-repo-");
    const base = r.commit({ "stacks/Pulumi.dev.yaml": "a", "stacks/Pulumi.old.yaml": "a" });
    r.commit({ "stacks/Pulumi.old.yaml": null });
    expect(runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", base]).stdout).toBe('["old"]\n');
    expect(runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", base, "--existing-only"]).stdout).toBe("[]\n");
  });

  it("takes every stack when the base is not a commit (first push: all zeros)", () => {
    const r = gitRepo("stacks-repo-");
    r.commit({ "stacks/Pulumi.dev.yaml": "a", "stacks/Pulumi.prod.yaml": "a" });
    const out = runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", "0000000000000000000000000000000000000000"]);
    expect(out.stdout).toBe('["dev","prod"]\n');
    expect(out.stderr).toMatch(/not a commit here/);
  });

  it("runs as a child process with --all and exits 2 without --base", () => {
    const r = gitRepo("stacks-repo-");
    r.commit({ "stacks/Pulumi.dev.yaml": "a", "stacks/Pulumi.team-a.yaml": "a", "stacks/README.md": "" });
    expect(runChild("changed-stacks", ["--all"], r.dir)).toMatchObject({ code: 0, stdout: '["dev","team-a"]\n' });
    expect(runChild("changed-stacks", [], r.dir)).toMatchObject({ code: 2, stderr: "changed-stacks: give --base REF (or --all)\n" });
  });
});
