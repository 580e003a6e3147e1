import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { changedCode, isToolkitCode } from "../../preview/changed-code";
import { changedStacks, stackOfFile } from "../../preview/changed-stacks";
import { main } from "../../preview/cli/commands/changed-stacks";
import { tempDir } from "./fixtures";
import { gitRepo } from "./git-repo";
import { runChild, runInProcess } from "./run";

describe("changed code: which changed files are the toolkit that computes access", () => {
  it.each([
    ["the escalation rules", "preview/diff/escalation.ts"],
    ["the access diff", "preview/diff/changes.ts"],
    ["the plan", "preview/cli/commands/plan.ts"],
    ["the changed-stacks detection itself", "preview/changed-stacks.ts"],
    ["this classifier", "preview/changed-code.ts"],
    ["a component", "components/workload.ts"],
    ["the catalog data", "model/catalog/data/graph-permissions.json"],
    ["a policy", "policies/rules/privileged-graph-permission.ts"],
    ["the waivers", "policies/waivers.yaml"],
    ["the program", "index.ts"],
    ["package.json", "package.json"],
    ["the lock file", "package-lock.json"],
    ["a workflow", ".github/workflows/pull-request.yml"],
    ["CODEOWNERS", ".github/CODEOWNERS"],
    ["Dependabot's configuration", ".github/dependabot.yml"],
    ["the manifest schema", "stacks/manifest/schema.ts"],
    ["Pulumi.yaml", "Pulumi.yaml"],
    ["a test", "test/gitops/workflows.test.ts"],
    ["a file the toolkit does not know yet", "scripts/new-tool.sh"],
    ["a stack-like file with a name Pulumi refuses", "stacks/Pulumi.x`y.yaml"],
  ])("%s is toolkit code (%s)", (_what, path) => {
    expect(isToolkitCode(path)).toBe(true);
  });

  it.each([
    ["a stack manifest", "stacks/Pulumi.dev.yaml"],
    ["a new stack", "stacks/Pulumi.team-a.eu_1.yaml"],
    ["the README", "README.md"],
    ["docs in a folder", "policies/README.md"],
    ["upper-case Markdown", "docs/GUIDE.MD"],
  ])("%s is not (%s)", (_what, path) => {
    expect(isToolkitCode(path)).toBe(false);
  });

  it("keeps today's review for a pull request that only edits stack files and docs: no code change", () => {
    expect(changedCode(["stacks/Pulumi.dev.yaml", "README.md", "stacks/Pulumi.prod.yaml"])).toEqual([]);
  });

  it("lists toolkit paths sorted and once, whatever git prints", () => {
    expect(changedCode(["preview/diff/escalation.ts", "stacks/Pulumi.dev.yaml", "./components/workload.ts", "components\\workload.ts"])).toEqual([
      "components/workload.ts",
      "preview/diff/escalation.ts",
    ]);
  });

  it("takes as stacks only names Pulumi accepts; any other file in stacks/ means every stack", () => {
    expect(stackOfFile("stacks/Pulumi.team-a.eu_1.yaml")).toBe("team-a.eu_1");
    expect(stackOfFile("stacks/Pulumi.$(id).yaml")).toBeUndefined();
    expect(changedStacks(["stacks/Pulumi.x`y.yaml"], ["dev", "prod"]).stacks).toEqual(["dev", "prod"]);
  });
});


describe("changed-stacks CLI --code and --repo (what the pull-request workflow runs from the target branch)", () => {
  it("prints the toolkit paths a pull request changes, deletions included; [] for a stack-only change", () => {
    const r = gitRepo("code-repo-");
    const base = r.commit({ "stacks/Pulumi.dev.yaml": "a", "preview/diff/escalation.ts": "rules", "policies/rules/x.ts": "x" });
    r.commit({ "stacks/Pulumi.dev.yaml": "b", "README.md": "docs" });
    expect(runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", base, "--code"]).stdout).toBe("[]\n");
    r.commit({ "preview/diff/escalation.ts": "no rules", "policies/rules/x.ts": null });
    expect(runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", base, "--merge-base", "--code"]).stdout).toBe(
      '["policies/rules/x.ts","preview/diff/escalation.ts"]\n',
    );
  });

  it("reads git and stacks/ in --repo, not where it runs (the target's script over the pull request's checkout)", () => {
    const r = gitRepo("code-repo-");
    const base = r.commit({ "stacks/Pulumi.dev.yaml": "a", "stacks/Pulumi.prod.yaml": "a" });
    r.commit({ "stacks/Pulumi.prod.yaml": "b", ".github/workflows/pull-request.yml": "on: pull_request" });
    const elsewhere = tempDir("not-a-repo-");
    const run = (...argv: string[]) => runInProcess((a, io) => main(a, { ...io, cwd: elsewhere }), ["--repo", r.dir, "--base", base, ...argv]);
    expect(run().stdout).toBe('["prod"]\n');
    expect(run("--code").stdout).toBe('[".github/workflows/pull-request.yml"]\n');
    expect(runInProcess((a, io) => main(a, { ...io, cwd: elsewhere }), ["--repo", join(elsewhere, "missing"), "--all"])).toMatchObject({ code: 2, stderr: expect.stringContaining("no such directory") });
  });

  it("fails (exit 70, not the input's fault) rather than say 'no code changed' when the base is not a commit", () => {
    const r = gitRepo("code-repo-");
    r.commit({ "index.ts": "" });
    const out = runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", "0000000000000000000000000000000000000000", "--code"]);
    expect(out.code).toBe(70);
    expect(out.stdout).toBe("");
    expect(out.stderr).toMatch(/cannot tell which code changed/);
  });

  it("rejects --code with --all or --existing-only (exit 2)", () => {
    const r = gitRepo("code-repo-");
    const base = r.commit({ "index.ts": "" });
    expect(runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", base, "--code", "--all"]).code).toBe(2);
    expect(runInProcess((argv, io) => main(argv, { ...io, cwd: r.dir }), ["--base", base, "--code", "--existing-only"]).code).toBe(2);
  });

  it("runs as a child process, as the workflow calls it", () => {
    const r = gitRepo("code-repo-");
    const base = r.commit({ "stacks/Pulumi.dev.yaml": "a", "preview/diff/escalation.ts": "rules" });
    r.commit({ "preview/diff/escalation.ts": "no rules" });
    expect(runChild("changed-stacks", ["--repo", r.dir, "--base", base, "--head", "HEAD", "--merge-base", "--code"])).toMatchObject({
      code: 0,
      stdout: '["preview/diff/escalation.ts"]\n',
    });
  });
});
