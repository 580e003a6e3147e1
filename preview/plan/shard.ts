import { fork } from "node:child_process";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ManifestError, parseManifest } from "../../stacks/manifest";
import type { ProgramRun } from "../runtime/run-program";
import type { SimulatedTenant } from "../../simulator";
import { mergeRuns } from "./merge";

/**
 * Large stacks are planned in shards: each shard is a separate process running the real program (index.ts,
 * unchanged) with the same config but a contiguous slice of the workloads, and the runs are merged. The Pulumi
 * runtime's cost grows faster than the number of registrations in flight together (docs: PULUMI-OFFLINE.md);
 * bounded shards keep it linear and bounded in memory, and use every core.
 */
export interface Sharding {
  /** Workloads per shard. */
  size: number;
  /** Shards planned at once. */
  concurrency: number;
}

/** Workloads per shard, measured (bench/results.md): large enough to amortize loading the SDKs, small enough to stay linear. */
export const DEFAULT_SHARD_SIZE = 125;

/**
 * How to plan `workloads` workloads: in one process (undefined) up to one shard's worth, else in shards.
 * `ENTRA_PLAN_SHARD_SIZE` overrides the shard size (tests force shards on small stacks with it).
 */
export function shardingFor(workloads: number, env: NodeJS.ProcessEnv = process.env): Sharding | undefined {
  const forced = Number.parseInt(env.ENTRA_PLAN_SHARD_SIZE ?? "", 10);
  const size = Number.isInteger(forced) && forced > 0 ? forced : DEFAULT_SHARD_SIZE;
  if (workloads <= size) return undefined;
  return { size, concurrency: Math.max(1, Math.min(availableParallelism(), Math.ceil(workloads / size))) };
}

export interface ShardedRunOptions {
  program: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  now: Date;
  sharding: Sharding;
  onRegistered?: (count: number) => void;
  /** Full stack traces in the shards (`--debug`). @default false */
  stackTraces?: boolean;
  /** What the real tenant holds (`--tenant`), for every shard. */
  tenant?: SimulatedTenant;
}

/** What the parent sends a shard worker. */
export interface ShardRequest {
  program: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  now: string;
  stackTraces?: boolean;
  tenant?: SimulatedTenant;
}

/** An error crossing the process boundary: a manifest error keeps its problems. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  problems?: ManifestError["problems"];
}

/** What a shard worker sends back. */
export type ShardMessage =
  | { kind: "progress"; count: number }
  | { kind: "done"; run: Omit<ProgramRun, "error"> & { error?: SerializedError } };

const WORKLOADS_KEY = "entra-workloads:workloads";

function decode(value: string | undefined): unknown {
  return value === undefined ? undefined : JSON.parse(value);
}

/** The manifest's problems, exactly as the program would report them, or none. */
function validate(config: Record<string, string>): ManifestError | undefined {
  const parsed = parseManifest(
    { keyVault: decode(config["entra-workloads:keyVault"]), defaults: decode(config["entra-workloads:defaults"]), workloads: decode(config[WORKLOADS_KEY]) },
    { location: config["azure-native:location"] },
  );
  return parsed.errors.length > 0 ? new ManifestError(parsed.errors) : undefined;
}

export function reviveError(error: SerializedError): Error {
  const revived = error.problems ? new ManifestError(error.problems) : new Error(error.message);
  revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}

const TSX_LOADER = pathToFileURL(path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "loader.mjs")).href;
const WORKER = path.join(__dirname, "shard-worker.ts");

function runShard(request: ShardRequest, onProgress: (count: number) => void): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { execArgv: ["--import", TSX_LOADER], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: ProgramRun | undefined;
    child.on("message", (message: ShardMessage) => {
      if (message.kind === "progress") onProgress(message.count);
      else result = { ...message.run, error: message.run.error && reviveError(message.run.error) };
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (result) resolve(result);
      else reject(new Error(`a plan shard exited without a result (${signal ?? `exit code ${code}`})`));
    });
    child.send(request);
  });
}

/**
 * The stack's program run, in shards. The whole manifest is validated first, so an invalid one reports every
 * problem at once and nothing is planned; then the shards run, `concurrency` at a time, and are merged in
 * manifest order.
 */
export async function runSharded(options: ShardedRunOptions): Promise<ProgramRun> {
  const invalid = validate(options.config);
  if (invalid) return { resources: [], failures: [], outputs: {}, error: invalid };
  const workloads = Object.entries(decode(options.config[WORKLOADS_KEY]) as Record<string, unknown>);
  const slices: Record<string, unknown>[] = [];
  for (let i = 0; i < workloads.length; i += options.sharding.size) slices.push(Object.fromEntries(workloads.slice(i, i + options.sharding.size)));

  const counts = slices.map(() => 0);
  const runs: ProgramRun[] = new Array(slices.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < slices.length) {
      const index = next++;
      const request: ShardRequest = {
        program: options.program, project: options.project, stack: options.stack, now: options.now.toISOString(), stackTraces: options.stackTraces, tenant: options.tenant,
        config: { ...options.config, [WORKLOADS_KEY]: JSON.stringify(slices[index]) },
      };
      runs[index] = await runShard(request, (count) => {
        counts[index] = count;
        options.onRegistered?.(counts.reduce((a, b) => a + b, 0));
      });
      if (runs[index].error !== undefined) next = slices.length; // no point planning the rest
    }
  };
  await Promise.all(Array.from({ length: options.sharding.concurrency }, lane));
  return mergeRuns(runs.filter((r) => r !== undefined));
}
