// The policy pack the Pulumi engine runs: `pulumi preview --policy-pack policies` from the repo root.
// Importing this file starts the pack's gRPC server, so nothing else imports it: the offline preview
// and the tests run the same pack (./pack.ts) through preview/policy-evaluator.ts.
import { PolicyPack } from "@pulumi/policy";
import { PACK, packWithWaivers, WAIVERS_FILE } from "./pack";
import { loadWaivers } from "./waivers";

// An invalid waiver file throws here, with every problem and its path, and the preview stops.
new PolicyPack(PACK.name, { description: PACK.description, policies: packWithWaivers(loadWaivers(WAIVERS_FILE)) });
