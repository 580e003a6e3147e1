import * as pulumi from "@pulumi/pulumi";
import { CaptureMonitor, type CapturedResource } from "../../preview/runtime/capture-monitor";
import { installMonitor, settle } from "../../preview/runtime/run-program";
import { AzureSimulator, type AzureSimulatorOptions } from "../../simulator";
import { unwrapSecretsDeep } from "../../simulator/secrets";

/** The clock every component test runs at. */
export const NOW = new Date("2026-11-23T00:00:00.000Z");

/**
 * One component declared on its own under the strict simulator, the way pulumi-awsx tests its components
 * (awsx/ecr/repository.test.ts: create the component, assert on its child's inputs): what each child would send
 * Azure, recorded by the same monitor the plan uses.
 */
export interface Declared {
  simulator: AzureSimulator;
  monitor: CaptureMonitor;
  /** Waits until every registration has settled; then `monitor.captured` holds them all. */
  settled(): Promise<void>;
  /** The children of the resource with this URN, in registration order (resolved when settled). */
  childrenOf(urn: string): CapturedResource[];
}

export async function simulateComponents(options: AzureSimulatorOptions = {}): Promise<Declared> {
  const simulator = new AzureSimulator({ now: NOW, ...options });
  const monitor = new CaptureMonitor(simulator);
  installMonitor(monitor, "entra-workloads", "test");
  await Promise.resolve();
  return {
    simulator,
    monitor,
    settled: () => settle(monitor),
    childrenOf: (urn) => monitor.captured.filter((r) => r.parent === urn),
  };
}

/** The resolved value of an output. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

/** Whether an output is a Pulumi secret. */
export function isSecret(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isSecret: Promise<boolean> }).isSecret;
}

/** A registration's inputs with secret envelopes removed, for asserting on the values Azure would receive. */
export function plainInputs(resource: CapturedResource): Record<string, unknown> {
  return unwrapSecretsDeep(resource.inputs) as Record<string, unknown>;
}
