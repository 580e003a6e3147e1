import * as pulumi from "@pulumi/pulumi";
import { previousMembers, type ExportedMember, type RotationMember, type RotationSettings } from "../model/rotation";

// What the last deployment issued, read back from the stack's own outputs: the rotation model (model/rotation.ts)
// decides from it which slot a run may replace.

/**
 * One of the stack's own outputs from its last deployment (undefined if none): a StackReference to the stack itself (one read per stack).
 * The engine reads stack references in previews and updates alike (pulumi/pulumi pkg/resource/deploy/step.go,
 * ReadStep: "Unlike most steps, Read steps run during previews"), from the latest checkpoint's root stack outputs
 * (pkg/backend/backend.go GetStackOutputs → SnapshotStackOutputs; pkg/resource/stack/deployment.go
 * DeserializeStackOutputs returns nothing when there is no deployment yet). This run's own outputs cannot be seen:
 * the engine records the stack's outputs only when the deployment ends (pkg/resource/deploy/step_executor.go,
 * since CLI v3.112.0), and a failed deployment keeps the previous outputs unless new ones were registered.
 * The name is `<organization>/<project>/<stack>`: required by Pulumi Cloud (pkg/backend/httpstate/backend.go), accepted by
 * DIY backends whose organization is always "organization" (pkg/backend/diy/store.go ParseReference).
 */
export function previousDeployment(output: string): pulumi.Output<unknown> {
  const self = new pulumi.StackReference("previous-deployment", {
    name: `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`,
  });
  return self.getOutput(output);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What the last deployment issued for one workload's pair, from the stack's previous `workloads` export
 * (`previousDeployment("workloads")`). Undefined on a first deployment or for a new credential; a pair that cannot
 * be read back is issued anew, with a warning.
 */
export function previousPair(
  previousWorkloads: unknown,
  workload: string,
  type: "secret" | "certificate",
  settings: RotationSettings,
): pulumi.Output<RotationMember[] | undefined> {
  return pulumi.output(previousWorkloads as pulumi.Input<object> | undefined).apply((workloads: unknown) => {
    const summary = isRecord(workloads) ? workloads[workload] : undefined;
    const credentials = isRecord(summary) && Array.isArray(summary.credentials) ? (summary.credentials as ExportedMember[]) : undefined;
    const { members, problem } = previousMembers(credentials, type, settings);
    if (problem !== undefined) {
      void pulumi.log.warn(`workloads.${workload}: the previous deployment's ${type} rotation cannot be read back (${problem}); both slots are issued anew`);
    }
    return members;
  });
}
