/**
 * `npm run verify -- --plan plan.json (--explain | --outputs outputs.json) [--workload NAME]... [--flow FLOW]...
 *   [--json FILE] [--out FILE.md] [--on-azure-host] [--rbac-wait-minutes N] [endpoint flags]`
 *
 * After a deploy: every workload gets its token the way it will in production, and the token, its roles and the
 * workload's effective Azure permissions are compared with what the plan promised.
 * Exit 0 all verified; 6 a check failed; 2 bad input; 1 anything else (one line).
 */
import { parseArgs } from "node:util";
import { InputError } from "../../files";
import { loadPlan } from "../../plan/plan-file";
import { isUsageError, oneLine, processIo, type CommandIo } from "../../diff/io";
import { writeOutput } from "../../files";
import { callerFromEnvironment, type CallerCredential } from "../../verify/caller";
import { expectWorkloads, explainFile } from "../../verify/expectations";
import { PUBLIC_CLOUD, type Endpoints } from "../../verify/http";
import { subscriptionOf } from "../../verify/arm";
import { loadDeployed } from "../../verify/outputs";
import { countFailed, redact, renderExplain, renderReport } from "../../verify/render";
import { RBAC_WAIT, systemClock, type Clock } from "../../verify/retry";
import type { Flow } from "../../verify/types";
import { verifyStack } from "../../verify/verify";

export const EXIT_OK = 0;
/** Not the input's fault (a bug): one line, never a stack trace. */
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** A workload could not get its token, or got more or less access than planned. */
export const EXIT_VERIFY_FAILED = 6;

const FLOWS: readonly Flow[] = ["client-secret", "client-certificate", "managed-identity", "federated", "user-sign-in", "none"];

const USAGE = "usage: npm run verify -- --plan plan.json (--explain | --outputs outputs.json) [--workload NAME]... [--flow FLOW]... [--json FILE] [--out FILE.md] [--on-azure-host] [--credential-only] [--rbac-wait-minutes N]";

const HELP = `${USAGE}

Checks that every workload of a deployed stack really gets its token, with exactly the access the plan promised.

  --plan FILE              the plan.json of the stack (npm run plan): flows, expected roles and Azure roles
  --explain                no network: per workload the flow, token resources, expected roles/scopes, Azure roles
  --outputs FILE           what \`pulumi stack output --json\` printed (client ids, tenant, Key Vault name)
  --workload NAME          only this workload (repeatable)
  --flow FLOW              only workloads with this flow (repeatable): ${FLOWS.join(", ")}
  --json FILE              also write JSON (--explain: { workloads: [{ name, flow, resources, expectedRoles, expectedScopes, azureRoles }] })
  --out FILE.md            also write the Markdown summary there (e.g. "$GITHUB_STEP_SUMMARY")
  --on-azure-host          this machine is Azure compute with the managed identities attached: ask IMDS
  --credential-only        the rotation gate: only client-secret and client-certificate workloads, and only whether
                           Key Vault's newest credential gets a token issued to the workload (no role comparisons)
  --rbac-wait-minutes N    how long role checks retry a 403 or a role not yet effective (default ${RBAC_WAIT.defaultMinutes})
  --authority-host URL     Entra ID (default ${PUBLIC_CLOUD.authorityHost}, or AZURE_AUTHORITY_HOST)
  --imds-endpoint URL      instance metadata service (default ${PUBLIC_CLOUD.imds})
  --arm-endpoint URL       Azure Resource Manager (default ${PUBLIC_CLOUD.arm})
  --graph-endpoint URL     Microsoft Graph (default ${PUBLIC_CLOUD.graph})
  --key-vault-suffix S     vault DNS suffix (default vault.azure.net); --key-vault-url TEMPLATE overrides, {vault} = name

The caller's own identity reads Key Vault, role definitions and app registrations: GitHub Actions OIDC
(AZURE_CLIENT_ID/ARM_CLIENT_ID and AZURE_TENANT_ID/ARM_TENANT_ID) inside a job, else the Azure CLI (az login).
No token or secret value is ever printed; tokens are decoded without verifying their signature.

Exit codes: 0 every check passed (or needs the host or a person); 6 a check failed; 2 bad input.
`;

/** What tests replace: where output goes, the clock, the caller's identity, the environment. */
export interface VerifyIo extends CommandIo {
  clock?: Clock;
  caller?: CallerCredential;
  env?: NodeJS.ProcessEnv;
}

function parseMinutes(text: string | undefined): number {
  if (text === undefined) return RBAC_WAIT.defaultMinutes;
  if (!/^\d+$/.test(text)) throw new InputError(`--rbac-wait-minutes: expected a whole number of minutes, got "${text}"`);
  return Number(text);
}

function parseUrl(flag: string, text: string | undefined, fallback: string): string {
  const value = text ?? fallback;
  try {
    const url = new URL(value.replace("{vault}", "vault"));
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("not http(s)");
  } catch {
    throw new InputError(`--${flag}: "${value}" is not an http(s) URL`);
  }
  return value.replace(/\/+$/, "");
}

/** Runs the verification; returns the exit code. */
export async function main(argv: readonly string[], io: VerifyIo = processIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        plan: { type: "string" },
        outputs: { type: "string" },
        explain: { type: "boolean", default: false },
        workload: { type: "string", multiple: true },
        flow: { type: "string", multiple: true },
        json: { type: "string" },
        out: { type: "string" },
        "on-azure-host": { type: "boolean", default: false },
        "credential-only": { type: "boolean", default: false },
        "rbac-wait-minutes": { type: "string" },
        "authority-host": { type: "string" },
        "imds-endpoint": { type: "string" },
        "arm-endpoint": { type: "string" },
        "graph-endpoint": { type: "string" },
        "key-vault-suffix": { type: "string" },
        "key-vault-url": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new InputError(`unexpected argument "${positionals[0]}"; ${USAGE}`);
    if (values.plan === undefined) throw new InputError(`--plan is required; ${USAGE}`);
    if (!values.explain && values.outputs === undefined) throw new InputError(`give --outputs (the deployed stack) or --explain (offline); ${USAGE}`);
    const env = io.env ?? process.env;
    const plan = loadPlan(values.plan);
    const rbacWaitMs = parseMinutes(values["rbac-wait-minutes"]) * 60_000;
    const endpoints: Endpoints = {
      authorityHost: parseUrl("authority-host", values["authority-host"], env.AZURE_AUTHORITY_HOST ?? PUBLIC_CLOUD.authorityHost),
      imds: parseUrl("imds-endpoint", values["imds-endpoint"], PUBLIC_CLOUD.imds),
      arm: parseUrl("arm-endpoint", values["arm-endpoint"], PUBLIC_CLOUD.arm),
      graph: parseUrl("graph-endpoint", values["graph-endpoint"], PUBLIC_CLOUD.graph),
      keyVault: parseUrl("key-vault-url", values["key-vault-url"], values["key-vault-suffix"] ? `https://{vault}.${values["key-vault-suffix"]}` : PUBLIC_CLOUD.keyVault),
    };

    const known = plan.workloads.map((w) => w.name);
    for (const name of values.workload ?? []) {
      if (!known.includes(name)) throw new InputError(`--workload: "${name}" is not in ${values.plan}; it has ${known.join(", ") || "no workloads"}`);
    }
    for (const flow of values.flow ?? []) {
      if (!FLOWS.includes(flow as Flow)) throw new InputError(`--flow: "${flow}" is not a flow; use one of ${FLOWS.join(", ")}`);
    }
    const credentialOnly = values["credential-only"];
    const expectations = expectWorkloads(plan)
      .filter((w) => !values.workload || values.workload.includes(w.name))
      .filter((w) => !values.flow || values.flow.includes(w.flow))
      .filter((w) => !credentialOnly || w.flow === "client-secret" || w.flow === "client-certificate");
    const subscriptions = [...new Set(plan.workloads.flatMap((w) => w.roleAssignments.map((r) => subscriptionOf(r.scope)?.toLowerCase() ?? "")))]
      .filter((s) => s !== "").sort();

    if (values.explain) {
      if (values.json !== undefined) writeOutput(values.json, `${JSON.stringify(explainFile(expectations), null, 2)}\n`);
      const text = renderExplain(expectations);
      if (values.out !== undefined) writeOutput(values.out, text);
      io.stdout(text);
      return EXIT_OK;
    }

    const deployed = loadDeployed(values.outputs as string);
    const sensitive = new Set<string>();
    const report = await verifyStack(expectations, deployed, {
      endpoints,
      caller: io.caller ?? callerFromEnvironment(env, endpoints.authorityHost),
      clock: io.clock ?? systemClock,
      env,
      onAzureHost: values["on-azure-host"],
      rbacWaitMs,
      subscriptions,
      credentialOnly,
      sensitive,
    });
    const stacked = { stack: plan.stack, ...report };
    const text = redact(renderReport(stacked), sensitive);
    if (values.json !== undefined) writeOutput(values.json, `${redact(JSON.stringify(stacked, null, 2), sensitive)}\n`);
    if (values.out !== undefined) writeOutput(values.out, text);
    io.stdout(text);
    return countFailed(report) > 0 ? EXIT_VERIFY_FAILED : EXIT_OK;
  } catch (err) {
    io.stderr(`verify: ${oneLine(err)}\n`);
    return isUsageError(err) ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
