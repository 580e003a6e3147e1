// One shard of a sharded plan (see ./shard.ts): a child process that runs the real program against the simulator
// with the config it is sent, reports progress, and sends back what the program registered.
import { isManifestError } from "../../stacks/manifest";
import { runProgram } from "../runtime/run-program";
import { AzureSimulator } from "../../simulator";
import { adoptedTenant } from "../tenant/simulated";
import type { SerializedError, ShardMessage, ShardRequest } from "./shard";

const PROGRESS_INTERVAL_MS = 250;

function serialize(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  return { name: error.name, message: error.message, stack: error.stack, ...(isManifestError(error) ? { problems: [...error.problems] } : {}) };
}

function send(message: ShardMessage): Promise<void> {
  return new Promise((done, fail) => process.send?.(message, undefined, {}, (error) => (error ? fail(error) : done())));
}

process.once("message", (request: ShardRequest) => {
  let lastProgress = 0;
  const simulator = new AzureSimulator({ now: new Date(request.now), tenant: { ...request.tenant, ...adoptedTenant(request.config) } });
  runProgram({
    program: request.program,
    project: request.project,
    stack: request.stack,
    config: request.config,
    mocks: simulator,
    stackTraces: request.stackTraces,
    onRegistered: (count) => {
      if (Date.now() - lastProgress < PROGRESS_INTERVAL_MS) return;
      lastProgress = Date.now();
      void send({ kind: "progress", count });
    },
  })
    .then((run) => send({ kind: "done", run: { resources: run.resources, failures: run.failures, outputs: run.outputs, assumptions: simulator.assumptions, error: run.error === undefined ? undefined : serialize(run.error) } }))
    .then(() => process.exit(0), (error: unknown) => {
      console.error(`plan shard failed: ${String(error)}`);
      process.exit(70);
    });
});
