/**
 * The pull-request workflow's review step, run as CI runs it: its bash script, taken from the YAML,
 * over the dev stack in this checkout (the "target branch") and pull-request plans that are honest,
 * forged or missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { NOW, tempDir } from "./fixtures";
import { runCommand } from "../support/cli";

const ROOT = join(__dirname, "..", "..");
const workflow = parse(readFileSync(join(ROOT, ".github", "workflows", "pull-request.yml"), "utf8")) as {
  jobs: { review: { steps: { id?: string; run?: string }[] } };
};
const SCRIPT = workflow.jobs.review.steps.find((s) => s.id === "review")?.run ?? "";

/** Runs the review step with the pull request's plans in `heads`; returns exit code, outputs and the dev comment. */
function review(heads: string, code: readonly string[]) {
  const dir = tempDir("review-step-");
  const out = join(dir, "review");
  const env = {
    ...process.env,
    STACKS: '["dev"]',
    EXISTING: '["dev"]',
    CODE: JSON.stringify(code),
    NOW,
    HEADS: heads,
    OUT: out,
    BASE_SHA: "b".repeat(40),
    HEAD_SHA: "h".repeat(40),
    RUN_URL: "https://github.com/contoso/platform/actions/runs/1",
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STEP_SUMMARY: join(dir, "summary"),
  };
  const r = spawnSync("bash", ["-eo", "pipefail", "-c", SCRIPT], { cwd: ROOT, env, encoding: "utf8" });
  const output = existsSync(env.GITHUB_OUTPUT) ? readFileSync(env.GITHUB_OUTPUT, "utf8") : "";
  return { code: r.status, output, comment: readFileSync(join(out, "dev", "comment.md"), "utf8"), stderr: r.stderr };
}

describe("the review step of pull-request.yml", () => {
  let honest = "";
  beforeAll(async () => {
    honest = tempDir("heads-");
    const r = await runCommand("plan", ["--stack", "dev", "--now", NOW, "--out", join(honest, "head-plan-dev")]);
    expect(r.code, r.stderr).toBe(0);
  });

  it("reports an edit of preview/diff/escalation.ts as the code change needing the second approver, though the plans are identical", () => {
    const r = review(honest, ["preview/diff/escalation.ts"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.output).toBe("escalations=1\n");
    expect(r.comment.split("\n").slice(0, 5)).toEqual([
      "## Access review: `dev`",
      "",
      "**The code that computes access changed; no access changes in the plans; 1 escalation**",
      "",
      "#### ⚠️ The code that computes access changed",
    ]);
    expect(r.comment).toMatch(/<sub>Planned offline at h{40} with --now .*; compared by the target branch's code at b{40}\./);
  });

  it("a stack-only change with the same plans: no escalation, no code section", () => {
    const r = review(honest, []);
    expect(r.code, r.stderr).toBe(0);
    expect(r.output).toBe("escalations=0\n");
    expect(r.comment).toContain("No access changes.");
    expect(r.comment).not.toContain("The code that computes access changed");
  });

  it("a forged pull-request plan (not a plan.json) fails the review with a caution, never an empty diff", () => {
    const heads = tempDir("forged-");
    mkdirSync(join(heads, "head-plan-dev"));
    writeFileSync(join(heads, "head-plan-dev", "plan.json"), JSON.stringify({ stack: "dev", workloads: "none" }));
    const r = review(heads, []);
    expect(r.code).toBe(1);
    expect(r.comment).toContain("> [!CAUTION]\n> The access diff failed");
    expect(r.stderr).toMatch(/not a plan\.json written by `npm run plan`/);
  });

  it("a missing or foreign pull-request plan of an existing stack fails the review with a caution", () => {
    const missing = review(tempDir("none-"), []);
    expect(missing.code).toBe(1);
    expect(missing.comment).toContain("The pull request's plan of this stack did not finish");
    const foreign = tempDir("foreign-");
    mkdirSync(join(foreign, "head-plan-dev"));
    const plan = JSON.parse(readFileSync(join(honest, "head-plan-dev", "plan.json"), "utf8")) as { stack: string };
    writeFileSync(join(foreign, "head-plan-dev", "plan.json"), JSON.stringify({ ...plan, stack: "prod" }));
    const r = review(foreign, []);
    expect(r.code).toBe(1);
    expect(r.comment).toContain("is not a plan of this stack");
  });
});
