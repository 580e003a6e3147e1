/**
 * The pipeline's trust boundary, read from the workflow YAML as an attacker with write access to a
 * branch would read it (issue #16): the pull request under review must not compute its own review,
 * nor borrow the deploy identity, nor run unpinned third-party code next to a tenant-privileged token.
 * Each rule is a predicate, tested on the real workflows and on the shape it forbids.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isToolkitCode } from "../../preview/changed-code";

const ROOT = join(__dirname, "..", "..");
const DIR = join(ROOT, ".github", "workflows");
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (file: string) => readFileSync(join(DIR, file), "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  "working-directory"?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}
const workflow = (file: string) => parse(text(file)) as Workflow;
const clone = <T>(v: T): T => structuredClone(v);

const BASE_REF = "${{ github.event.pull_request.base.sha }}";
const checkouts = (job: Job) => (job.steps ?? []).filter((s) => s.uses?.startsWith("actions/checkout@"));
/** A step that runs code from a working tree: npm, npx, node or tsx. */
const executes = (step: Step) => /\b(npm|npx|node|tsx)\b/.test(step.run ?? "");

/** A job that checks out the pull request's code and runs something from it. */
function runsPullRequestCode(job: Job): boolean {
  const prTrees = checkouts(job).filter((c) => c.with?.ref === undefined).map((c) => (c.with?.path as string | undefined) ?? ".");
  if (prTrees.length === 0) return false;
  return (job.steps ?? []).some((s) => executes(s) && prTrees.includes(s["working-directory"] ?? "."));
}

/**
 * True when every piece of code the job runs is the TARGET branch's: its code checkout is the base
 * commit in `toolkit/`, every command runs there, and any other checkout is data nobody executes.
 */
function runsOnlyTargetCode(job: Job): boolean {
  const trees = checkouts(job);
  const toolkit = trees.filter((c) => c.with?.path === "toolkit");
  if (toolkit.length !== 1 || toolkit[0]?.with?.ref !== BASE_REF) return false;
  if (trees.some((c) => c.with?.path !== "toolkit" && c.with?.path !== "pr")) return false;
  return (job.steps ?? []).filter(executes).every((s) => s["working-directory"] === "toolkit");
}

/** True when a job can get an OIDC token that the deploy identity trusts or would accept. */
function holdsDeployIdentityToken(job: Job): boolean {
  return job.permissions?.["id-token"] === "write" && JSON.stringify(job).includes("DEPLOY_PIPELINE_CLIENT_ID");
}

const isPullRequestWorkflow = (wf: Workflow) => "pull_request" in wf.on || "pull_request_target" in wf.on;

describe("pull-request code never gets a token of the deploy identity", () => {
  it.each(FILES.filter((f) => isPullRequestWorkflow(workflow(f))))("%s: no job running the pull request's code can ask for the deploy identity", (file) => {
    for (const [id, job] of Object.entries(workflow(file).jobs)) {
      expect(holdsDeployIdentityToken(job), id).toBe(false);
      if (runsPullRequestCode(job) && job.permissions?.["id-token"] === "write") {
        expect(job.env?.ARM_CLIENT_ID, id).toBe("${{ vars.PREVIEW_CLIENT_ID }}");
      }
    }
  });

  it("would catch the old fallback to DEPLOY_PIPELINE_CLIENT_ID in the preview job", () => {
    const preview = clone(workflow("pull-request.yml").jobs["pulumi-preview"]);
    expect(runsPullRequestCode(preview)).toBe(true);
    expect(holdsDeployIdentityToken(preview)).toBe(false);
    (preview.env as Record<string, string>).ARM_CLIENT_ID = "${{ vars.PREVIEW_CLIENT_ID || vars.DEPLOY_PIPELINE_CLIENT_ID }}";
    expect(holdsDeployIdentityToken(preview)).toBe(true);
  });

  it("only the deploy and rotation workflows (main's code, environments) use the deploy identity", () => {
    const users = FILES.flatMap((f) => Object.entries(workflow(f).jobs).filter(([, j]) => holdsDeployIdentityToken(j)).map(([id]) => `${f} ${id}`));
    expect(users).toEqual(["deploy.yml up", "rotate.yml rotate"]);
    for (const f of ["deploy.yml", "rotate.yml"]) expect(isPullRequestWorkflow(workflow(f))).toBe(false);
  });

  it("jobs that run the pull request's code hold no write permission other than the preview identity's id-token", () => {
    const wf = workflow("pull-request.yml");
    const running = Object.entries(wf.jobs).filter(([, j]) => runsPullRequestCode(j)).map(([id]) => id);
    expect(running.sort()).toEqual(["plan", "pulumi-preview", "test"]);
    for (const id of running) {
      const writes = Object.entries(wf.jobs[id]?.permissions ?? {}).filter(([, level]) => level === "write").map(([scope]) => scope);
      expect(writes, id).toEqual(id === "pulumi-preview" ? ["id-token"] : []);
    }
  });
});

describe("the review is computed by the target branch's code", () => {
  const wf = workflow("pull-request.yml");

  it("every job that detects changed stacks or code, diffs, or counts escalations runs only the target's code", () => {
    const deciding = Object.entries(wf.jobs).filter(([, j]) =>
      (j.steps ?? []).some((s) => /npm run --silent changed-stacks|npm run --silent diff|escalations=/.test(s.run ?? "")),
    );
    expect(deciding.map(([id]) => id).sort()).toEqual(["changes", "review"]);
    for (const [id, job] of deciding) expect(runsOnlyTargetCode(job), id).toBe(true);
  });

  it("would catch the old access review that ran the pull request's own diff code", () => {
    const review = clone(wf.jobs.review);
    expect(runsOnlyTargetCode(review)).toBe(true);
    const diff = review.steps?.find((s) => /npm run --silent diff/.test(s.run ?? "")) as Step;
    diff["working-directory"] = "head";
    expect(runsOnlyTargetCode(review)).toBe(false);
    const headCheckout = clone(wf.jobs.review);
    (checkouts(headCheckout)[0]).with = { path: "toolkit", "persist-credentials": false };
    expect(runsOnlyTargetCode(headCheckout)).toBe(false);
  });

  it("the trusted jobs restore no cache a pull-request job could have written", () => {
    for (const id of ["changes", "review"]) {
      const node = wf.jobs[id]?.steps?.find((s) => s.uses?.startsWith("actions/setup-node@"));
      expect(node?.with, id).toMatchObject({ "package-manager-cache": false });
      expect(node?.with, id).not.toHaveProperty("cache");
      expect(wf.jobs[id]?.steps?.some((s) => s.uses?.startsWith("actions/cache@")), id).toBe(false);
    }
  });

  it("the escalation count is an output of the target's code, never summed from the pull request's artifacts", () => {
    expect(wf.jobs.review?.outputs).toEqual({ escalations: "${{ steps.review.outputs.escalations }}" });
    expect(Object.keys(wf.jobs)).not.toContain("escalations");
    expect(JSON.stringify(wf.jobs["escalation-approval"])).not.toMatch(/download-artifact|needs\.plan/);
  });
});

describe("supply chain", () => {
  const USES = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(?:#\s*(.*))?$/;
  const uses = FILES.flatMap((file) =>
    text(file)
      .split("\n")
      .map((line, i) => ({ file, line: i + 1, m: USES.exec(line) }))
      .filter((u) => u.m !== null)
      .map(({ file, line, m }) => ({ file, line, target: m?.[1] ?? "", comment: (m?.[2] ?? "").trim() })),
  );

  it("finds the actions (the parser is really reading the files)", () => {
    expect(uses.length).toBeGreaterThan(20);
    expect(new Set(uses.map((u) => u.target.split("@")[0]))).toEqual(
      new Set(["actions/checkout", "actions/setup-node", "actions/upload-artifact", "actions/download-artifact", "azure/login", "pulumi/actions", "marocchino/sticky-pull-request-comment"]),
    );
  });

  it("pins every action to a full commit SHA, with its version in a comment", () => {
    for (const u of uses) {
      expect(u.target, `${u.file}:${u.line}`).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+@[0-9a-f]{40}$/);
      expect(u.comment, `${u.file}:${u.line}`).toMatch(/^v\d+\.\d+\.\d+$/);
    }
  });

  it("pins each action to one commit everywhere", () => {
    const byAction = new Map<string, Set<string>>();
    for (const u of uses) {
      const [action = "", sha = ""] = u.target.split("@");
      byAction.set(action, (byAction.get(action) ?? new Set()).add(`${sha} ${u.comment}`));
    }
    for (const [action, pins] of byAction) expect([...pins], action).toHaveLength(1);
  });

  it("installs with --ignore-scripts everywhere (every job that can request an OIDC token included), never npm install", () => {
    for (const file of FILES) {
      for (const [id, job] of Object.entries(workflow(file).jobs)) {
        for (const step of job.steps ?? []) {
          const run = step.run ?? "";
          expect(run, `${file} ${id}`).not.toMatch(/\bnpm (install|i|add)\b/);
          for (const ci of run.match(/npm ci[^\n]*/g) ?? []) expect(ci, `${file} ${id}`).toContain("--ignore-scripts");
        }
      }
    }
    const tokenJobs = FILES.flatMap((f) => Object.values(workflow(f).jobs)).filter((j) => j.permissions?.["id-token"] === "write");
    expect(tokenJobs.length).toBe(3);
    for (const job of tokenJobs) expect(job.steps?.some((s) => s.run?.startsWith("npm ci --ignore-scripts"))).toBe(true);
  });

  it("Dependabot watches the actions and the npm dependencies", () => {
    const config = parse(readFileSync(join(ROOT, ".github", "dependabot.yml"), "utf8")) as { version: number; updates: { "package-ecosystem": string; directory: string }[] };
    expect(config.version).toBe(2);
    expect(config.updates.map((u) => [u["package-ecosystem"], u.directory])).toEqual([
      ["github-actions", "/"],
      ["npm", "/"],
    ]);
  });
});

/** The owners of a path under a CODEOWNERS file: the last matching line wins (gitignore-style patterns). */
function owners(codeowners: string, path: string): string[] {
  let found: string[] = [];
  for (const raw of codeowners.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [pattern = "", ...who] = line.split(/\s+/);
    const body = pattern.replace(/^\//, "").replace(/\./g, "\\.").replace(/\*/g, "[^/]*");
    const anchored = pattern.startsWith("/") || pattern.slice(0, -1).includes("/");
    const re = new RegExp(pattern === "*" ? "^.*$" : anchored ? `^${body}$` : `(^|/)${body}$`);
    if (re.test(path)) found = who;
  }
  return found;
}

describe("CODEOWNERS (read from the base branch) mirrors the code-change classifier", () => {
  const codeowners = readFileSync(join(ROOT, ".github", "CODEOWNERS"), "utf8");
  const SECOND_APPROVER = "@contoso/identity-security";

  it.each([
    "preview/diff/escalation.ts",
    "components/workload.ts",
    "policies/waivers.yaml",
    "index.ts",
    "package-lock.json",
    ".github/workflows/pull-request.yml",
    ".github/CODEOWNERS",
    "stacks/manifest/schema.ts",
    "stacks/Pulumi.dev.yaml",
    "stacks/Pulumi.team-a.yaml",
    "README.md",
    "policies/README.md",
  ])("%s: owned by the second approver exactly when it is toolkit code", (path) => {
    expect(owners(codeowners, path).includes(SECOND_APPROVER)).toBe(isToolkitCode(path));
    expect(owners(codeowners, path)).not.toEqual([]);
  });
});

describe("the example stacks trust pull requests only with a read-only identity", () => {
  interface Credential { type: string; subject?: string }
  interface Spec { credentials?: Credential[]; roles?: { role: string }[]; apiPermissions?: { application?: string[]; delegated?: string[] }[] }
  const stacks = readdirSync(join(ROOT, "stacks")).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
  const workloads = stacks.flatMap((file) => {
    const config = (parse(readFileSync(join(ROOT, "stacks", file), "utf8")) as { config: Record<string, unknown> }).config;
    return Object.entries((config["entra-workloads:workloads"] ?? {}) as Record<string, Spec>).map(([name, spec]) => ({ file, name, spec }));
  });
  const trustsPullRequests = (spec: Spec) => (spec.credentials ?? []).some((c) => c.type === "federated" && /:pull_request$/.test(c.subject ?? ""));
  /** Read-only: Reader-type roles, Key Vault Crypto User (decrypt for the secrets provider), Graph `*.Read.All` only. */
  const READ_ROLES = /^(Reader|Storage Blob Data Reader|Key Vault Crypto User)$/;

  it("the deploy-pipeline workloads trust no pull_request subject", () => {
    const deploy = workloads.filter((w) => w.name === "deploy-pipeline");
    expect(deploy.map((w) => w.file).sort()).toEqual(["Pulumi.dev.yaml", "Pulumi.prod.yaml"]);
    for (const w of deploy) expect(trustsPullRequests(w.spec), w.file).toBe(false);
  });

  it("every workload that trusts pull requests holds only reads", () => {
    const preview = workloads.filter((w) => trustsPullRequests(w.spec));
    expect(preview.map((w) => `${w.file} ${w.name}`)).toEqual(["Pulumi.dev.yaml pipeline-preview"]);
    for (const { spec } of preview) {
      for (const r of spec.roles ?? []) expect(r.role).toMatch(READ_ROLES);
      for (const p of spec.apiPermissions ?? []) {
        expect(p.delegated ?? []).toEqual([]);
        for (const name of p.application ?? []) expect(name).toMatch(/^[A-Za-z]+\.Read\.All$/);
      }
    }
  });
});

describe("each stack's deploy identity is trusted by exactly its own deploy and rotation environments", () => {
  const STACKS = readdirSync(join(ROOT, "stacks")).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined).sort();
  const subjects = (stack: string): string[] => {
    const file = parse(readFileSync(join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    const workloads = file.config["entra-workloads:workloads"] as Record<string, { credentials?: { type: string; subject?: string }[] }>;
    return (workloads["deploy-pipeline"]?.credentials ?? []).filter((c) => c.type === "federated").map((c) => c.subject ?? "").sort();
  };
  const environmentOf = (file: string, job: string) => (workflow(file).jobs[job] as Job & { environment?: string }).environment;

  it("deploy runs in the stack's environment and rotation in rotation-<stack>: each holds that stack's DEPLOY_PIPELINE_CLIENT_ID", () => {
    expect(environmentOf("deploy.yml", "up")).toBe("${{ matrix.stack }}");
    expect(environmentOf("rotate.yml", "rotate")).toBe("rotation-${{ matrix.stack }}");
  });

  it.each(STACKS)("stack %s: deploy-pipeline trusts environment:<stack> and environment:rotation-<stack>, nothing else", (stack) => {
    expect(subjects(stack)).toEqual([`repo:contoso/platform:environment:${stack}`, `repo:contoso/platform:environment:rotation-${stack}`]);
  });
});
