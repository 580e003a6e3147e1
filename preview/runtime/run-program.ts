import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { setMockOptions } from "@pulumi/pulumi/runtime/settings";
import { pinOfflineClock } from "../../stacks/manifest/offline-clock";
import { CaptureMonitor, type CapturedResource, type RegistrationFailure } from "./capture-monitor";

// Internal to the SDK (not in its .d.ts): resolves once every outstanding registration and invoke has settled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { getStore } = require("@pulumi/pulumi/runtime/state") as { getStore: () => Record<string, unknown> };

/**
 * What `setMocks` does, with our monitor in place of its own. The feature flags must be set after the monitor:
 * installing a monitor resets them, and without `supportsSecrets` secret inputs would be sent unmarked. Tests that
 * declare one component at a time install it the same way (test/components/harness.ts).
 */
export function installMonitor(monitor: CaptureMonitor, project: string, stack: string): void {
  // DIY backends report the organization "organization" (pulumi/pulumi pkg/backend/diy/state.go); the program names its own stack with it.
  setMockOptions(monitor, project, stack, false, "organization");
  const store = getStore();
  store.supportsSecrets = true;
  store.supportsResourceReferences = true;
  store.supportsOutputValues = false;
  store.supportsDeletedWith = true;
  store.supportsAliasSpecs = true;
}

export interface RunProgramOptions {
  /** Absolute path of the Pulumi program (the project's index.ts). */
  program: string;
  project: string;
  stack: string;
  /** Stack config, as the engine would pass it. */
  config: Record<string, string>;
  mocks: pulumi.runtime.Mocks;
  /** The clock the program reads (`--now`): never stack config, which a stack file could pin under `pulumi up`. */
  now?: Date;
  /** Called with the number of resources registered so far. */
  onRegistered?: (count: number) => void;
  /**
   * Keep full, source-mapped stack traces while the program runs (for `--debug`). The SDK captures a stack for
   * every promise it makes; without source maps and with those stacks cut, a large plan runs 2.5× faster (bench/).
   * @default false
   */
  stackTraces?: boolean;
}

export interface ProgramRun {
  resources: CapturedResource[];
  failures: RegistrationFailure[];
  /** The program's exports, resolved (plain values). */
  outputs: Record<string, unknown>;
  /** An error the program threw while declaring resources (e.g. an invalid manifest). */
  error?: unknown;
  /** What the simulator assumed about the real tenant (set by the plan from the simulator it ran against). */
  assumptions?: string[];
}

const STALL_MS = 250;

/**
 * Waits until every registration and invoke has settled. A rejected registration (or invoke) leaves the
 * resources that consume its outputs pending forever, so the runtime's own queue never drains: once
 * something has failed, stop when progress stops. The polling timer also keeps Node from exiting while
 * registrations are in flight.
 */
export async function settle(monitor: CaptureMonitor): Promise<void> {
  const drained = waitForRPCs().then(() => true, () => true);
  let last = -1;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([drained, new Promise<false>((r) => {
      timer = setTimeout(() => r(false), STALL_MS);
    })]);
    // The poll must not outlive the wait: a pending timer would hold the process open for up to STALL_MS at exit.
    clearTimeout(timer);
    if (done) return;
    if (monitor.failures.length > 0 && monitor.settled === last) return;
    last = monitor.settled;
  }
}

/**
 * Runs the real Pulumi program under mocks, in this process, and returns what it registered. Nothing reaches
 * an engine or a cloud; the program is exactly what `pulumi up` runs.
 */
export async function runProgram(options: RunProgramOptions): Promise<ProgramRun> {
  const monitor = new CaptureMonitor(options.mocks, options.onRegistered);
  installMonitor(monitor, options.project, options.stack);
  pulumi.runtime.setAllConfig(options.config);
  pinOfflineClock(options.now);

  const failures = monitor.failures;
  // Rejected registrations surface as rejected outputs nobody awaits; the monitor has recorded them already.
  const swallow = (): void => undefined;
  process.on("unhandledRejection", swallow);
  const restoreStacks = options.stackTraces ? () => undefined : cheapStackTraces();
  let threw = false;
  try {
    let exports: Record<string, unknown>;
    try {
      exports = (await import(path.resolve(options.program))) as Record<string, unknown>;
    } catch (error) {
      threw = true;
      await settle(monitor);
      return { resources: monitor.captured, failures, outputs: {}, error };
    }
    await settle(monitor);
    if (failures.length > 0) return { resources: monitor.captured, failures, outputs: {} };
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(exports)) {
      if (key === "default" || key === "__esModule") continue;
      outputs[key] = pulumi.Output.isInstance(value) ? await resolve(key, value) : value;
    }
    await settle(monitor);
    return { resources: monitor.captured, failures, outputs };
  } finally {
    // Rejections of the last failed registrations surface on the next turn of the event loop: let them reach the
    // handler before it goes, or a run that ends on a failure leaks them as unhandled errors.
    await new Promise((resolve) => setImmediate(resolve));
    // What waits on a rejected registration stays pending for good (settle): no leak of the program's. Forget it, or
    // the SDK's report at exit ("N promises were still active …", ten lines, printed when a process ends with code 0
    // and no logged error, as a plan shard does) buries the rejection (issue 12).
    if (threw || failures.length > 0) (getStore().leakCandidates as Set<unknown>).clear();
    restoreStacks();
    pinOfflineClock(undefined);
    process.off("unhandledRejection", swallow);
  }
}

/**
 * Turns off what makes the SDK's per-promise `new Error().stack` expensive: source-mapped frames (tsx enables
 * them) and the frames themselves (`debuggablePromise` keeps one string per promise, only for its leak report).
 * Resources still get their source position: the SDK lifts the limit itself for that one capture. Returns the undo.
 */
function cheapStackTraces(): () => void {
  const limit = Error.stackTraceLimit;
  const sourceMaps = process.sourceMapsEnabled;
  Error.stackTraceLimit = 0;
  process.setSourceMapsEnabled(false);
  return () => {
    Error.stackTraceLimit = limit;
    process.setSourceMapsEnabled(sourceMaps);
  };
}

const EXPORT_TIMEOUT_MS = 2_000;

/**
 * An export's value. Every registration has settled by now, so an export that still does not resolve is a
 * program bug: fail, rather than plan as if the program had exported nothing.
 */
function resolve<T>(key: string, output: pulumi.Output<T>): Promise<T> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the program's export "${key}" never resolved`)), EXPORT_TIMEOUT_MS);
    output.apply((value) => {
      clearTimeout(timer);
      done(value);
      return value;
    });
  });
}
