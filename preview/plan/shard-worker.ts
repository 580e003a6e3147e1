// One shard of a sharded plan (see ./shard.ts): a child process that runs the real program against the simulator
// with the config it is sent, evaluates the policy pack on what it registered (this process has the SDKs loaded;
// the planner does not need to), reports progress, and sends back the run and its findings.
import { isManifestError } from "../../stacks/manifest/error";
import { runProgram } from "../runtime/run-program";
import { AzureSimulator } from "../../simulator";
import { adoptedTenant } from "../tenant/simulated";
import { evaluateRun } from "./evaluate";
import type { SerializedError, ShardMessage, ShardRequest } from "./shard";

const PROGRESS_INTERVAL_MS = 250;

function serialize(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  return { name: error.name, message: error.message, stack: error.stack, ...(isManifestError(error) ? { problems: [...error.problems] } : {}) };
}

function send(message: ShardMessage): Promise<void> {
  return new Promise((done, fail) => process.send?.(message, undefined, {}, (error) => (error ? fail(error) : done())));
}

async function plan(request: ShardRequest): Promise<ShardMessage> {
  let lastProgress = 0;
  const now = new Date(request.now);
  const simulator = new AzureSimulator({ now, tenant: { ...request.tenant, ...adoptedTenant(request.config) } });
  const run = await runProgram({
    program: request.program,
    project: request.project,
    stack: request.stack,
    config: request.config,
    now,
    mocks: simulator,
    stackTraces: request.stackTraces,
    onRegistered: (count) => {
      if (Date.now() - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = Date.now();
      void send({ kind: "progress", count });
    },
  });
  await send({ kind: "progress", count: run.resources.length }); // the last count, which the interval may have skipped
  const base = { resources: run.resources, failures: run.failures, outputs: run.outputs, assumptions: simulator.assumptions };
  if (run.error !== undefined) return { kind: "done", run: { ...base, error: serialize(run.error) } };
  if (run.failures.length > 0) return { kind: "done", run: base };
  try {
    return { kind: "done", run: { ...base, violations: evaluateRun(run.resources, { now, policyConfig: request.policyConfig, waiversFile: request.waiversFile }) } };
  } catch (error) {
    // A waiver file or pack config it cannot use: the planner reports it as the input error it is.
    return { kind: "done", run: { ...base, error: serialize(error) } };
  }
}

process.once("message", (request: ShardRequest) => {
  plan(request)
    .then(send)
    .then(() => process.exit(0), (error: unknown) => {
      console.error(`plan shard failed: ${String(error)}`);
      process.exit(70);
    });
});
