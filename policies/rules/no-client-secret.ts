import * as azuread from "@pulumi/azuread";
import { validateResourceOfType, type ResourceValidationPolicy } from "@pulumi/policy";
import type { ReportSink } from "../apply-waivers";
import { ruleConfig, subjectOf, typeToken, workloadResourcesOf } from "../support";
import { requestsGraphApplicationPermission } from "./privileged-graph-permission";

type Level = "mandatory" | "advisory";

export interface NoClientSecretConfig {
  /** Level of a client secret on a workload holding any Microsoft Graph application permission. @default mandatory */
  withGraphApplicationPermission: Level;
  /** Level of any other client secret. @default advisory */
  otherwise: Level;
}

const DEFAULTS: NoClientSecretConfig = { withGraphApplicationPermission: "mandatory", otherwise: "advisory" };

const FIX = "Fix: authenticate with a certificate (credentials: [{ type: certificate }]), a federated credential, or a managed identity " +
  "(https://learn.microsoft.com/entra/identity-platform/security-best-practices-for-app-registration#credential-configuration: " +
  "\"use certificate credentials\", \"don't use password credentials\"), or record a reviewed waiver naming rule, workload and item.";

/**
 * Client secrets (ApplicationPassword) on workloads: mandatory when the workload's application requests any Microsoft
 * Graph application permission (tenant-wide data without a signed-in user, behind a shared secret), advisory otherwise.
 * Judges the secret by its workload's application, which the offline evaluator passes (`workloadResources`); the
 * Pulumi engine's resource policies see one resource at a time, so there the rule reports nothing.
 */
export const noClientSecret: ResourceValidationPolicy = {
  name: "no-client-secret",
  description: "Workloads holding Microsoft Graph application permissions do not authenticate with a client secret.",
  enforcementLevel: "mandatory",
  remediationSteps: "Replace the client secret with a certificate, a federated credential or a managed identity.",
  configSchema: {
    properties: {
      withGraphApplicationPermission: { type: "string", enum: ["mandatory", "advisory"], default: DEFAULTS.withGraphApplicationPermission, description: "Level of a client secret on a workload holding a Microsoft Graph application permission." },
      otherwise: { type: "string", enum: ["mandatory", "advisory"], default: DEFAULTS.otherwise, description: "Level of any other client secret." },
    },
  },
  validateResource: validateResourceOfType(azuread.ApplicationPassword, (_pw, args, reportViolation) => {
    const siblings = workloadResourcesOf(args);
    if (siblings === undefined) return;
    const config = ruleConfig(args, DEFAULTS);
    const application = typeToken(azuread.Application);
    const graph = siblings.filter((r) => r.type === application).flatMap((r) => requestsGraphApplicationPermission(r.props.requiredResourceAccesses));
    const sink = reportViolation as unknown as ReportSink;
    if (graph.length > 0) {
      sink({
        item: args.name,
        enforcementLevel: config.withGraphApplicationPermission,
        message: `${subjectOf(args)}: client secret ${args.name} authenticates a workload holding Microsoft Graph application permission(s) ${graph.join(", ")}; ` +
          `anyone who reads the secret acts as the workload across the tenant. ${FIX}`,
      });
      return;
    }
    sink({ item: args.name, enforcementLevel: config.otherwise, message: `${subjectOf(args)}: client secret ${args.name} is a shared secret that can leak. ${FIX}` });
  }),
};
