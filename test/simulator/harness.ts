import * as pulumi from "@pulumi/pulumi";
import { AzureSimulator, type AzureSimulatorOptions } from "../../simulator";

/** The clock every simulator test runs at, unless a test says otherwise. */
export const NOW = new Date("2026-03-01T00:00:00.000Z");

/** A fresh simulated tenant behind Pulumi's mock runtime (process-global: one per test). */
export async function simulate(options: AzureSimulatorOptions = {}): Promise<AzureSimulator> {
  const simulator = new AzureSimulator({ now: NOW, ...options });
  await pulumi.runtime.setMocks(simulator, "entra-workloads", "test", false);
  return simulator;
}

/** The resolved value of an output. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply((v) => {
    resolve(v);
    return v;
  }));
}

interface OutputInternals {
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
  allResources?: () => Promise<unknown>;
  promise: () => Promise<unknown>;
}

/**
 * The error a registration failed with. A failed registration rejects every output of the resource;
 * this observes all of them (so none surfaces as an unhandled rejection) and returns the error, or
 * fails when the registration succeeded.
 */
export async function registrationError(resource: pulumi.Resource): Promise<string> {
  const pending: Promise<unknown>[] = [];
  for (const value of Object.values(resource)) {
    if (!pulumi.Output.isInstance(value)) continue;
    const o = value as unknown as OutputInternals;
    for (const p of [o.isKnown, o.isSecret, o.allResources?.(), o.promise()]) {
      if (!p) continue;
      p.catch(() => undefined);
      pending.push(p);
    }
  }
  const settled = await Promise.allSettled(pending);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (!failed) throw new Error("the registration succeeded; expected Azure to refuse it");
  return failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
}
