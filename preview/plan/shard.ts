import { fork, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ManifestError } from "../../stacks/manifest/error";
import type { PackConfig } from "../policy-evaluator";
import type { ProgramRun } from "../runtime/run-program";
import type { SimulatedTenant } from "../../simulator/context";
import { visibleControls } from "../text-escape";
import { mergeRuns, mergeViolations } from "./merge";
import type { PlanViolation } from "./plan-file";
import { namedReferences } from "../../model/exposed-api";

/**
 * Large stacks are planned in shards: each shard is a separate process running the real program (index.ts,
 * unchanged) with the same config but a contiguous slice of the workloads, and the runs are merged. The Pulumi
 * runtime's cost grows faster than the number of registrations in flight together (docs: PULUMI-OFFLINE.md);
 * bounded shards keep it linear and bounded in memory, and use every core.
 */
export interface Sharding {
  /** Workloads per shard, in manifest order (the last shard may hold fewer). */
  sizes: number[];
  /** Shards planned at once. */
  concurrency: number;
}

/** Above this many workloads a stack is planned in shards; up to it, in the planning process itself. */
export const SHARD_THRESHOLD = 125;

/**
 * The most workloads one shard holds: large enough to amortize loading the SDKs (about 2 s a process), small enough
 * to stay linear and within memory (bench/notes.md has the measurements).
 */
export const MAX_SHARD_SIZE = 150;

/** The fewest workloads worth a process of their own: below it, starting one costs more than it saves. */
export const MIN_SHARD_SIZE = 50;

/**
 * How to plan `workloads` workloads: in this process (undefined) up to {@link SHARD_THRESHOLD}, else in shards of
 * equal size, as many at a time as there are cores, in as few rounds as {@link MAX_SHARD_SIZE} allows — 300 workloads
 * on 2 cores are 2 shards of 150, not 125 + 125 + 50 (a second round for the last 50). `ENTRA_PLAN_SHARD_SIZE` forces
 * slices of that size (tests shard small stacks with it).
 */
export function shardingFor(workloads: number, env: NodeJS.ProcessEnv = process.env, cores: number = availableParallelism()): Sharding | undefined {
  const forced = Number.parseInt(env.ENTRA_PLAN_SHARD_SIZE ?? "", 10);
  if (Number.isInteger(forced) && forced > 0) {
    if (workloads <= forced) return undefined;
    const count = Math.ceil(workloads / forced);
    const sizes = Array.from({ length: count }, (_, i) => Math.min(forced, workloads - i * forced));
    return { sizes, concurrency: Math.max(1, Math.min(cores, count)) };
  }
  if (workloads <= SHARD_THRESHOLD) return undefined;
  const lanes = Math.max(1, Math.min(cores, Math.floor(workloads / MIN_SHARD_SIZE)));
  const rounds = Math.ceil(workloads / (lanes * MAX_SHARD_SIZE));
  const count = lanes * rounds;
  const base = Math.floor(workloads / count);
  const sizes = Array.from({ length: count }, (_, i) => base + (i < workloads % count ? 1 : 0));
  return { sizes, concurrency: lanes };
}

export interface ShardedRunOptions {
  program: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  now: Date;
  /** Each shard's slice of the workloads map (config `entra-workloads:workloads`), in manifest order. */
  shards: readonly Record<string, unknown>[];
  concurrency: number;
  /** Resources registered so far, over every shard. */
  onRegistered?: (count: number) => void;
  /** Full stack traces in the shards (`--debug`). @default false */
  stackTraces?: boolean;
  /** What the real tenant holds (`--tenant`), for every shard. */
  tenant?: SimulatedTenant;
  /** The pack config and waiver file each shard evaluates the policies with. */
  policyConfig?: PackConfig;
  waiversFile?: string;
  /** Workers already started (startShardWorkers), used before any new one. @default none */
  workers?: readonly ChildProcess[];
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
  policyConfig?: PackConfig;
  waiversFile?: string;
}

/** A shard's run, with the policy findings on what it registered. */
export type ShardRun = ProgramRun & { violations?: PlanViolation[] };

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
  | { kind: "done"; run: Omit<ShardRun, "error"> & { error?: SerializedError } };

export const WORKLOADS_KEY = "entra-workloads:workloads";

export function reviveError(error: SerializedError): Error {
  const revived = error.problems ? new ManifestError(error.problems) : new Error(error.message);
  revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}

const TSX_LOADER = pathToFileURL(path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "loader.mjs")).href;

/**
 * V8 flags of a shard process. As many shards run at once as there are cores, so V8's parallel and concurrent GC
 * threads of one shard only take the core another shard's program needs: collecting on the main thread
 * (`--single-threaded-gc`) planned 300 workloads on 2 cores in 5.9 s instead of 6.7 s (bench/notes.md). A plan in one
 * process keeps V8's defaults, whose GC threads then use the idle cores.
 */
export const SHARD_V8_FLAGS: readonly string[] = ["--single-threaded-gc"];
const WORKER = path.join(__dirname, "shard-worker.ts");

/**
 * Shard processes started ahead of their work: each loads the SDKs, the simulator and the program's modules (about a
 * second) while the planner is still validating the manifest, then waits for its slice.
 */
export function startShardWorkers(count: number): ChildProcess[] {
  // Their output is piped, not inherited: the planner relays it in manifest order once the shards are done (relayOutput).
  return Array.from({ length: count }, () =>
    fork(WORKER, [], { execArgv: [...SHARD_V8_FLAGS, "--import", TSX_LOADER], serialization: "advanced", stdio: ["ignore", "pipe", "pipe", "ipc"] }));
}

/** Ends workers that got no work (an invalid manifest, or fewer shards than workers). */
export function stopShardWorkers(workers: readonly ChildProcess[]): void {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill();
}

/** What a shard's program printed (the SDK's `pulumi.log` lines: the program's warnings and errors). */
export interface ShardOutput {
  stdout: string;
  stderr: string;
}

function runShard(child: ChildProcess, request: ShardRequest, onProgress: (count: number) => void, output: ShardOutput): Promise<ShardRun> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      reject(new Error(`a plan shard exited before its work (${child.signalCode ?? `exit code ${child.exitCode}`})`));
      return;
    }
    child.stdout?.setEncoding("utf8").on("data", (text: string) => void (output.stdout += text));
    child.stderr?.setEncoding("utf8").on("data", (text: string) => void (output.stderr += text));
    let result: ShardRun | undefined;
    child.on("message", (message: ShardMessage) => {
      if (message.kind === "progress") onProgress(message.count);
      else result = { ...message.run, error: message.run.error && reviveError(message.run.error) };
    });
    child.on("error", reject);
    // "close", not "exit": the process may exit before its output has been read to the end.
    child.on("close", (code, signal) => {
      if (result) resolve(result);
      else reject(new Error(`a plan shard exited without a result (${signal ?? `exit code ${code}`})`));
    });
    child.send(request);
  });
}

/**
 * The shards' output as one process prints it: shard after shard in manifest order (not as the shards happened to
 * write it), and a line an earlier shard printed not again — every shard declares the stack's shared resources and
 * reads the whole manifest's settings, so what it says about those arrives once per shard (as in mergeRuns).
 */
export function relayOutput(outputs: readonly (ShardOutput | undefined)[], write: { stdout: (text: string) => void; stderr: (text: string) => void }): void {
  for (const stream of ["stdout", "stderr"] as const) {
    const seen = new Set<string>();
    for (const output of outputs) {
      if (!output?.[stream]) continue;
      const lines = output[stream].split(/(?<=\n)/);
      const fresh = lines.filter((line) => !seen.has(line.replace(/\n$/, "")));
      for (const line of lines) seen.add(line.replace(/\n$/, ""));
      if (fresh.length > 0) write[stream](fresh.join(""));
    }
  }
}

/**
 * Slices of the workloads map in manifest order, about `sizes[i]` workloads each. Workloads that refer to each other
 * (`apiPermissions[].api`, `secretReaders`) are planned in one shard: a cut never falls inside the manifest-order span
 * of a group of workloads linked by references, it moves to the next position that splits none (or goes). The slices
 * stay contiguous, so the merged plan is the unsharded one.
 */
export function sliceWorkloads(workloads: Record<string, unknown>, sizes: readonly number[]): Record<string, unknown>[] {
  const entries = Object.entries(workloads);
  const allowed = cutsAllowed(entries);
  const cuts: number[] = [];
  let wanted = 0;
  for (const size of sizes.slice(0, -1)) {
    wanted += size;
    let at = Math.max(wanted, (cuts.at(-1) ?? 0) + 1);
    while (at < entries.length && !allowed[at]) at++;
    if (at < entries.length) cuts.push(at);
  }
  return [0, ...cuts].map((start, i) => Object.fromEntries(entries.slice(start, cuts[i] ?? entries.length)));
}

/** `allowed[p]`: a shard may start at manifest position p without separating two workloads linked by references. */
function cutsAllowed(entries: readonly [string, unknown][]): boolean[] {
  const index = new Map(entries.map(([name], i) => [name, i] as const));
  const parent = entries.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  entries.forEach(([, raw], i) => {
    for (const name of namedReferences(raw)) {
      const j = index.get(name);
      if (j !== undefined) parent[root(i)] = root(j);
    }
  });
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  entries.forEach((_, i) => {
    const r = root(i);
    if (!first.has(r)) first.set(r, i);
    last.set(r, i);
  });
  // +1 where a group's span opens after its first member, -1 after its last: a cut is allowed where none is open.
  const open = new Array<number>(entries.length + 1).fill(0);
  for (const [r, start] of first) {
    open[start + 1] += 1;
    open[(last.get(r) ?? start) + 1] -= 1;
  }
  let depth = 0;
  return open.map((delta) => (depth += delta) === 0);
}

/**
 * The stack's program run, in shards (the manifest is already valid: the planner checked it), with the policy
 * findings each shard made on it. The shards run `concurrency` at a time and are merged in manifest order; an error
 * in one stops the rest from starting.
 */
export async function runSharded(options: ShardedRunOptions): Promise<ShardRun> {
  const warm = [...(options.workers ?? [])];
  const counts = options.shards.map(() => 0);
  const runs: ShardRun[] = new Array<ShardRun>(options.shards.length);
  const outputs: ShardOutput[] = options.shards.map(() => ({ stdout: "", stderr: "" }));
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < options.shards.length) {
      const index = next++;
      const request: ShardRequest = {
        program: options.program, project: options.project, stack: options.stack, now: options.now.toISOString(), stackTraces: options.stackTraces, tenant: options.tenant,
        policyConfig: options.policyConfig, waiversFile: options.waiversFile,
        config: { ...options.config, [WORKLOADS_KEY]: JSON.stringify(options.shards[index]) },
      };
      runs[index] = await runShard(warm.shift() ?? startShardWorkers(1)[0], request, (count) => {
        counts[index] = count;
        options.onRegistered?.(counts.reduce((a, b) => a + b, 0));
      }, outputs[index]);
      if (runs[index].error !== undefined) next = options.shards.length; // no point planning the rest
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, lane));
  } finally {
    stopShardWorkers(warm);
    // Relayed outside the CLI's terminal filter (preview/cli/io.ts guardIo): controls in what a shard printed are shown
    // as \u{..} here too, as everything the CLI prints is.
    relayOutput(outputs, { stdout: (t) => void process.stdout.write(visibleControls(t)), stderr: (t) => void process.stderr.write(visibleControls(t)) });
  }
  const finished = runs.filter((r) => r !== undefined);
  const merged = mergeRuns(finished);
  return merged.error !== undefined || merged.failures.length > 0 ? merged : { ...merged, violations: mergeViolations(finished.map((r) => r.violations ?? [])) };
}
