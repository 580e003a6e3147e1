import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatProblems, parseClock } from "../../../stacks/manifest";
import { planStack } from "../../plan/run-plan";
import { renderSummary } from "../../report/terminal";
import { readTenantFile, TenantFileError } from "../../../simulator/tenant-file";

const USAGE = "usage: npm run plan -- [--stack NAME | --stack-file PATH] [--out DIR] [--now ISO-8601] [--policy-config FILE] [--waivers FILE] [--tenant FILE] [--debug]";

/** Exit codes: 0 planned, 1 a mandatory policy failed, 2 invalid manifest/config/arguments, 3 Azure would reject a resource, 70 anything else. */
export const EXIT = { ok: 0, policy: 1, invalid: 2, rejected: 3, internal: 70 } as const;

function today(): Date {
  return new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        stack: { type: "string" }, "stack-file": { type: "string" }, out: { type: "string" }, now: { type: "string" },
        "policy-config": { type: "string" }, waivers: { type: "string" }, tenant: { type: "string" }, debug: { type: "boolean" }, help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return EXIT.invalid;
  }
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const debug = values.debug === true;
  try {
    if (values.stack && values["stack-file"]) {
      console.error(`give --stack or --stack-file, not both\n${USAGE}`);
      return EXIT.invalid;
    }
    const stackFile = (values["stack-file"] as string | undefined) ?? path.join("stacks", `Pulumi.${(values.stack as string | undefined) ?? "dev"}.yaml`);
    const clock = parseClock(values.now as string | undefined);
    if (clock.problem) {
      console.error(`--now: ${clock.problem}`);
      return EXIT.invalid;
    }
    const now = clock.now ?? today();
    const outDir = (values.out as string | undefined) ?? "plan-output";
    const policyConfig = values["policy-config"] ? JSON.parse(readFileSync(values["policy-config"] as string, "utf8")) : undefined;
    const tenant = values.tenant ? readTenantFile(values.tenant as string) : undefined;

    let lastReport = 0;
    const onProgress = (registered: number, workloads: number) => {
      if (workloads <= 100 || Date.now() - lastReport < 1000) return;
      lastReport = Date.now();
      console.error(`planning ${workloads} workloads: ${registered} resources registered`);
    };

    const outcome = await planStack({ stackFile, now, policyConfig, waiversFile: values.waivers as string | undefined, onProgress, debug, tenant });
    if (outcome.kind === "invalid") {
      console.error(formatProblems(outcome.problems));
      console.error(`${outcome.problems.length} problem(s) in ${stackFile}; nothing was planned.`);
      return EXIT.invalid;
    }
    if (outcome.kind === "rejected") {
      for (const f of outcome.failures) console.error(`${f.name} [${f.type}]: ${f.message}`);
      console.error(`Azure would reject ${outcome.failures.length} resource(s) of stack ${outcome.stack}; nothing was written.`);
      return EXIT.rejected;
    }
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, "plan.json"), `${JSON.stringify(outcome.plan, null, 2)}\n`);
    writeFileSync(path.join(outDir, "access-report.md"), outcome.report);
    console.log(renderSummary(outcome.plan));
    console.log(`Wrote ${path.join(outDir, "plan.json")} and ${path.join(outDir, "access-report.md")}`);
    return outcome.plan.violations.some((v) => v.enforcement === "mandatory") ? EXIT.policy : EXIT.ok;
  } catch (error) {
    if (error instanceof TenantFileError) {
      console.error(`--tenant ${error.message}`);
      return EXIT.invalid;
    }
    if (debug) console.error(error);
    else console.error(`plan failed: ${(error as Error).message?.split("\n")[0] ?? String(error)} (run with --debug for details)`);
    return (error as Error).name === "StackFileError" || (error as Error).name === "WaiverFileError" || error instanceof SyntaxError ? EXIT.invalid : EXIT.internal;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`plan failed: ${String(error)}`);
    process.exit(EXIT.internal);
  },
);
