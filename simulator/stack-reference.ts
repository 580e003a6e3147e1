import type { Directory } from "./directory";
import { reject } from "./errors";
import type { Registration, SimulatedTenant } from "./context";

export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * The engine's built-in `pulumi:pulumi:StackReference` read (pulumi/pulumi pkg/resource/deploy/builtins.go
 * readStackReference): `{ name, outputs, secretOutputNames }` of the named stack's latest checkpoint. The program
 * reads only its own stack (the previous deployment's outputs); those come from `tenant.previousOutputs`, and with
 * none the stack has never been deployed, which is what a Pulumi backend answers for a stack without a checkpoint
 * (pkg/resource/stack/deployment.go DeserializeStackOutputs: no root stack resource, no outputs).
 */
export function stackReference(
  inputs: Record<string, unknown>,
  self: { organization: string; project: string; stack: string },
  tenant: SimulatedTenant,
  directory: Directory,
  resource: { name: string; type: string },
): Registration {
  const name = typeof inputs.name === "string" ? inputs.name : "";
  // Pulumi Cloud refuses any other form (pkg/backend/httpstate/backend.go, httpstateBackendClient.GetStackOutputs).
  if (name.split("/").length !== 3) {
    reject(
      "StackReferenceName",
      "a stack reference's name should be of the form '<organization>/<project>/<stack>'.",
      resource,
      "name the stack as <organization>/<project>/<stack> (DIY backends use the organization \"organization\").",
    );
  }
  const own = name === `${self.organization}/${self.project}/${self.stack}`;
  const outputs = own ? tenant.previousOutputs : undefined;
  directory.assume(own && outputs !== undefined
    ? `stack ${name} was deployed before, with the outputs given as the previous deployment's: rotating credentials continue from them`
    : `stack ${name} has no previous deployment: every rotating credential is issued as on a first \`pulumi up\``);
  return { id: name, state: { name, outputs: outputs ?? {}, secretOutputNames: [] } };
}
