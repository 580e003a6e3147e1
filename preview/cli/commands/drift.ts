/**
 * `npm run drift -- --snapshot FILE --plan plan.json [--outputs outputs.json] [--out drift.md] [--json drift.json]`
 *
 * For each managed workload, what the tenant holds that the plan does not declare (extra secrets, certificates,
 * owners, grants, role assignments, federated credentials) and what the plan declares that is missing; escalations
 * first. Exit 0: no drift; 5: drift found; 2: bad input.
 */
import { parseArgs } from "node:util";
import { parseClock } from "../../../stacks/manifest/clock";
import { InputError } from "../../files";
import { loadPlan } from "../../plan/plan-file";
import { isUsageError, oneLine, processIo, type CommandIo } from "../../diff/io";
import { writeOutput } from "../../files";
import { detectDrift } from "../../tenant/drift";
import { driftHeadline, renderDrift } from "../../tenant/drift-render";
import { readDeployedIds } from "../../tenant/match";
import { loadSnapshot } from "../../tenant/snapshot";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_DRIFT = 5;

const USAGE = "usage: npm run drift -- --snapshot FILE --plan plan.json [--outputs outputs.json] [--deployer OBJECT_ID] [--within-days N] [--now ISO] [--out drift.md] [--json drift.json]";

const HELP = `${USAGE}

Compares a tenant snapshot (\`npm run snapshot\`) with a plan (\`npm run plan\`): for each workload the plan
manages, what exists in the tenant that the plan does not declare — extra client secrets and certificates (with
end dates), owners, app role assignments, delegated grants, role assignments, federated credentials — and what
the plan declares that is missing. Escalations (more access than declared) come first.

  --snapshot FILE      the tenant snapshot
  --plan FILE          the plan.json of the same stack, planned with the same --now as the deployment
  --outputs FILE       \`pulumi stack output --json\`: match workloads by their deployed ids (else by the plan's
                       import ids, then display names / identity names)
  --deployer ID        object id of the identity that runs \`pulumi up\` (Entra makes it an owner of what it creates)
  --within-days N      also list unmanaged secrets and certificates ending within N days (default 30)
  --now ISO            the clock for that window (default: now)
  --out FILE.md        write the Markdown there (stdout then gets the headline)
  --json FILE.json     also write { "findings": [ { workload, kind, change, detail, ... } ], ... }

Exit codes: 0 no drift; 5 drift found; 2 bad input (a missing or malformed snapshot key is named).
`;

/** Runs the drift check; returns the exit code. */
export function main(argv: readonly string[], io: CommandIo = processIo): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        snapshot: { type: "string" },
        plan: { type: "string" },
        outputs: { type: "string" },
        deployer: { type: "string" },
        "within-days": { type: "string" },
        now: { type: "string" },
        out: { type: "string" },
        json: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new InputError(`unexpected argument "${positionals[0]}"; ${USAGE}`);
    if (values.snapshot === undefined || values.plan === undefined) throw new InputError(`give --snapshot and --plan; ${USAGE}`);
    const withinText = values["within-days"];
    if (withinText !== undefined && !/^\d+$/.test(withinText)) throw new InputError(`--within-days: expected a whole number of days, got "${withinText}"`);
    const clock = parseClock(values.now);
    if (clock.problem) throw new InputError(`--now: ${clock.problem}`);

    const snapshot = loadSnapshot(values.snapshot);
    const plan = loadPlan(values.plan);
    const deployedIds = values.outputs === undefined ? undefined : readDeployedIds(values.outputs);
    const report = detectDrift(snapshot, plan, {
      deployedIds,
      deployer: values.deployer,
      now: clock.now ?? new Date(),
      withinDays: withinText === undefined ? 30 : Number(withinText),
    });
    const markdown = renderDrift(report);
    if (values.json !== undefined) writeOutput(values.json, `${JSON.stringify(report, null, 2)}\n`);
    if (values.out !== undefined) {
      writeOutput(values.out, markdown);
      io.stdout(`${driftHeadline(report)}\n`);
    } else {
      io.stdout(markdown);
    }
    return report.findings.length > 0 ? EXIT_DRIFT : EXIT_OK;
  } catch (err) {
    io.stderr(`drift: ${oneLine(err)}\n`);
    return isUsageError(err) ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
