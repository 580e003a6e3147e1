// The policy pack the Pulumi engine runs: `pulumi preview --policy-pack policies` from the repo root.
// Importing this file starts the pack's gRPC server, so nothing else imports it: the offline preview
// and the tests run the same rules from ./rules through preview/policy-evaluator.ts.
import * as path from "node:path";
import { PolicyPack } from "@pulumi/policy";
import { withWaivers } from "./apply-waivers";
import { allPolicies } from "./rules";
import { loadWaivers } from "./waivers";

// An invalid waiver file throws here, with every problem and its path, and the preview stops.
const waivers = loadWaivers(path.join(__dirname, "waivers.yaml"));

new PolicyPack("entra-workloads", {
  description: "Guardrails for Microsoft Entra workload identities: least privilege, short-lived credentials, hardened Key Vault.",
  policies: allPolicies.map((policy) => withWaivers(policy, waivers)),
});
