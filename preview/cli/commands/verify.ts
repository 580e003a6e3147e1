/**
 * `npm run verify -- --plan plan.json (--explain | --outputs outputs.json) [--workload NAME]... [--flow FLOW]...
 *   [--json FILE] [--out FILE.md] [--on-azure-host] [--rbac-wait-minutes N] [endpoint flags]`
 *
 * After a deploy: every workload gets its token the way it will in production, and the token, its roles and the
 * workload's effective Azure permissions are compared with what the plan promised.
 */
import { Option } from "commander";
import { InputError, writeOutput } from "../../files";
import { loadPlan } from "../../plan/plan-file";
import { callerFromEnvironment, type CallerCredential } from "../../verify/caller";
import { expectWorkloads, explainFile } from "../../verify/expectations";
import { PUBLIC_CLOUD, type Endpoints } from "../../verify/http";
import { subscriptionOf } from "../../verify/arm";
import { loadDeployed } from "../../verify/outputs";
import { countFailed, redact, renderExplain, renderReport } from "../../verify/render";
import { RBAC_WAIT, systemClock, type Clock } from "../../verify/retry";
import type { Flow } from "../../verify/types";
import { verifyStack } from "../../verify/verify";
import { collect, invalidArgument, runCommand, wholeNumber, type CommandSpec } from "../command";
import { EXIT } from "../exit-codes";
import { processIo, resolvePath, type CommandIo } from "../io";
import { checkOutputs } from "./options";

const FLOWS: readonly Flow[] = ["client-secret", "client-certificate", "managed-identity", "federated", "user-sign-in", "none"];

/** What tests replace: the clock and the caller's identity (the environment is CommandIo's). */
export interface VerifyIo extends CommandIo {
  clock?: Clock;
  caller?: CallerCredential;
}

interface VerifyOptions {
  plan: string;
  outputs?: string;
  explain?: boolean;
  workload?: string[];
  flow?: Flow[];
  json?: string;
  out?: string;
  onAzureHost?: boolean;
  credentialOnly?: boolean;
  rbacWaitMinutes: number;
  authorityHost?: string;
  imdsEndpoint?: string;
  armEndpoint?: string;
  graphEndpoint?: string;
  keyVaultSuffix?: string;
  keyVaultUrl?: string;
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

export const verifyCommand: CommandSpec<VerifyOptions> = {
  name: "verify",
  summary: "Check that every workload of a deployed stack really gets its token, with exactly the access the plan promised.",
  exits: [EXIT.ok, EXIT.invalid, EXIT.verifyFailed, EXIT.internal],
  define: (cmd) => cmd
    .requiredOption("--plan <file>", "the plan.json of the stack (npm run plan): flows, expected roles and Azure roles")
    .addOption(new Option("--explain", "no network: per workload the flow, token resources, expected roles/scopes, Azure roles").conflicts("outputs"))
    .option("--outputs <file>", "what `pulumi stack output --json` printed (client ids, tenant, Key Vault name)")
    .option("--workload <name>", "only this workload (repeatable)", collect)
    .addOption(new Option("--flow <flow>", "only workloads with this flow (repeatable)").choices(FLOWS).argParser((value: string, previous: string[] = []) => {
      // choices() lists them in the help; this parser keeps every --flow given (choices alone keeps the last).
      return FLOWS.includes(value as Flow) ? [...previous, value] : invalidArgument(`"${value}" is not a flow; use one of ${FLOWS.join(", ")}`);
    }))
    .option("--json <file>", "also write JSON (--explain: { workloads: [{ name, flow, resources, expectedRoles, expectedScopes, azureRoles }] })")
    .option("--out <file.md>", "also write the Markdown summary there (e.g. \"$GITHUB_STEP_SUMMARY\")")
    .option("--on-azure-host", "this machine is Azure compute with the managed identities attached: ask IMDS")
    .option("--credential-only", "the rotation gate: only client-secret and client-certificate workloads, and only whether Key Vault's newest credential gets a token issued to the workload (no role comparisons)")
    .option("--rbac-wait-minutes <n>", "how long role checks retry a 403 or a role not yet effective", wholeNumber("minutes"), RBAC_WAIT.defaultMinutes)
    .option("--authority-host <url>", `Entra ID (default ${PUBLIC_CLOUD.authorityHost}, or AZURE_AUTHORITY_HOST)`)
    .option("--imds-endpoint <url>", `instance metadata service (default ${PUBLIC_CLOUD.imds})`)
    .option("--arm-endpoint <url>", `Azure Resource Manager (default ${PUBLIC_CLOUD.arm})`)
    .option("--graph-endpoint <url>", `Microsoft Graph (default ${PUBLIC_CLOUD.graph})`)
    .option("--key-vault-suffix <suffix>", "vault DNS suffix (default vault.azure.net)")
    .option("--key-vault-url <template>", "overrides --key-vault-suffix; {vault} = the vault's name"),
  help: "The caller's own identity reads Key Vault, role definitions and app registrations: GitHub Actions OIDC (AZURE_CLIENT_ID/ARM_CLIENT_ID and AZURE_TENANT_ID/ARM_TENANT_ID) inside a job, else the Azure CLI (az login). No token or secret value is ever printed; tokens are decoded without verifying their signature.",
  async run({ options, io: commandIo }) {
    const io = commandIo as VerifyIo;
    if (!options.explain && options.outputs === undefined) throw new InputError("give --outputs (the deployed stack) or --explain (offline); see npm run verify -- --help");
    checkOutputs(io, [["--out", options.out], ["--json", options.json]], [options.plan, options.outputs]);
    const env = io.env ?? process.env;
    const plan = loadPlan(resolvePath(io, options.plan));
    const rbacWaitMs = options.rbacWaitMinutes * 60_000;
    const endpoints: Endpoints = {
      authorityHost: parseUrl("authority-host", options.authorityHost, env.AZURE_AUTHORITY_HOST ?? PUBLIC_CLOUD.authorityHost),
      imds: parseUrl("imds-endpoint", options.imdsEndpoint, PUBLIC_CLOUD.imds),
      arm: parseUrl("arm-endpoint", options.armEndpoint, PUBLIC_CLOUD.arm),
      graph: parseUrl("graph-endpoint", options.graphEndpoint, PUBLIC_CLOUD.graph),
      keyVault: parseUrl("key-vault-url", options.keyVaultUrl, options.keyVaultSuffix ? `https://{vault}.${options.keyVaultSuffix}` : PUBLIC_CLOUD.keyVault),
    };

    const known = plan.workloads.map((w) => w.name);
    for (const name of options.workload ?? []) {
      if (!known.includes(name)) throw new InputError(`--workload: "${name}" is not in ${options.plan}; it has ${known.join(", ") || "no workloads"}`);
    }
    const credentialOnly = options.credentialOnly === true;
    const expectations = expectWorkloads(plan)
      .filter((w) => !options.workload || options.workload.includes(w.name))
      .filter((w) => !options.flow || options.flow.includes(w.flow))
      .filter((w) => !credentialOnly || w.flow === "client-secret" || w.flow === "client-certificate");
    const subscriptions = [...new Set(plan.workloads.flatMap((w) => w.roleAssignments.map((r) => subscriptionOf(r.scope)?.toLowerCase() ?? "")))]
      .filter((s) => s !== "").sort();

    if (options.explain) {
      if (options.json !== undefined) writeOutput(resolvePath(io, options.json), `${JSON.stringify(explainFile(expectations), null, 2)}\n`);
      const text = renderExplain(expectations);
      if (options.out !== undefined) writeOutput(resolvePath(io, options.out), text);
      io.stdout(text);
      return EXIT.ok;
    }

    const deployed = loadDeployed(resolvePath(io, options.outputs as string));
    const sensitive = new Set<string>();
    const report = await verifyStack(expectations, deployed, {
      endpoints,
      caller: io.caller ?? callerFromEnvironment(env, endpoints.authorityHost),
      clock: io.clock ?? systemClock,
      env,
      onAzureHost: options.onAzureHost === true,
      rbacWaitMs,
      subscriptions,
      credentialOnly,
      sensitive,
    });
    const stacked = { stack: plan.stack, ...report };
    const text = redact(renderReport(stacked), sensitive);
    if (options.json !== undefined) writeOutput(resolvePath(io, options.json), `${redact(JSON.stringify(stacked, null, 2), sensitive)}\n`);
    if (options.out !== undefined) writeOutput(resolvePath(io, options.out), text);
    io.stdout(text);
    return countFailed(report) > 0 ? EXIT.verifyFailed : EXIT.ok;
  },
};

/** Runs the verification in this process; returns the exit code. */
export function main(argv: readonly string[], io: VerifyIo = processIo()): Promise<number> {
  return runCommand(verifyCommand, argv, io);
}
