import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { api, expectFound, microsoftGraph, permission, role } from "../model/catalog";

const ROOT = path.resolve(__dirname, "..");

/** The dev stack's config: the vault, defaults, location and the placeholder ids every generated workload reuses. */
interface DevStack {
  config: Record<string, unknown> & {
    "entra-workloads:workloads": Record<string, { credentials?: { issuer?: string; subject?: string }[] }>;
  };
}

function devStack(): DevStack {
  return parseYaml(readFileSync(path.join(ROOT, "stacks", "Pulumi.dev.yaml"), "utf8")) as DevStack;
}

// Names only; each is resolved through the catalog below, so a typo fails the generator, not the bench.
const ROLE_NAMES = ["Reader", "Log Analytics Reader", "Monitoring Metrics Publisher", "Storage Blob Data Reader", "Key Vault Secrets User"];
const GRAPH_APPLICATION = ["User.Read.All", "Group.Read.All", "Mail.Send"];
const GRAPH_DELEGATED = ["openid", "profile", "User.Read"];

/** A deterministic pseudo-random stream (mulberry32), so a size always yields the same manifest. */
function stream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type RawWorkload = Record<string, unknown>;

/**
 * A stack file with `count` workloads in a realistic mix: about 70% applications (secrets, certificates,
 * federation; Graph application permissions with consent, delegated sign-in scopes, some pending an admin's
 * consent) and 30% managed identities (half federated to AKS); every workload holds 1–3 roles on resource
 * groups or resources. Role and permission names come from the catalog, ids and issuers from the dev stack.
 */
export function generateStack(count: number): string {
  const dev = devStack();
  const devWorkloads = dev.config["entra-workloads:workloads"];
  const aks = devWorkloads["orders-api"].credentials?.[0];
  const github = devWorkloads["deploy-pipeline"].credentials?.[0];
  if (!aks?.issuer || !github?.issuer) throw new Error("the dev stack no longer has the orders-api / deploy-pipeline federated credentials");
  const roles = ROLE_NAMES.map((n) => expectFound(role(n)).name);
  const graph = microsoftGraph();
  const application = GRAPH_APPLICATION.map((n) => expectFound(permission(graph, n, "application")).name);
  const delegated = GRAPH_DELEGATED.map((n) => expectFound(permission(graph, n, "delegated")).name);
  const graphName = graph.name;
  const metering = expectFound(api("Marketplace metering"));
  if (!metering) throw new Error("catalog lost the Marketplace metering API");
  const subscription = "/subscriptions/00000000-0000-0000-0000-000000000000";

  const random = stream(count);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const workloads: Record<string, RawWorkload> = {};
  for (let i = 0; i < count; i++) {
    const name = `wl-${String(i).padStart(4, "0")}`;
    const rg = `rg-app-${i % 20}`;
    const roleCount = 1 + Math.floor(random() * 3);
    const grants = Array.from({ length: roleCount }, (_, r) => ({
      role: roles[(i + r) % roles.length],
      scope: r === 0 ? `${subscription}/resourceGroups/${rg}` : `${subscription}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/st${i}x${r}`,
    }));
    const managed = random() < 0.3;
    if (managed) {
      workloads[name] = {
        type: "managedIdentity",
        description: `Generated managed identity ${i}`,
        resourceGroupName: rg,
        ...(random() < 0.5 ? { credentials: [{ type: "federated", name: "aks", issuer: aks.issuer, subject: `system:serviceaccount:ns-${i}:${name}` }] } : {}),
        roles: grants,
      };
      continue;
    }
    const credentialRoll = random();
    const credentials = credentialRoll < 0.5
      ? [{ type: "secret", lifetimeDays: 90, rotateAfterDays: 30 }]
      : credentialRoll < 0.75
        ? [{ type: "certificate", lifetimeDays: 180, rotateAfterDays: 60 }]
        : [{ type: "federated", name: "github", issuer: github.issuer, subject: `repo:contoso/${name}:environment:dev` }];
    const apiRoll = random();
    const apiPermissions = apiRoll < 0.45
      ? [{ api: graphName, application: [pick(application)], adminConsent: true }]
      : apiRoll < 0.6
        ? [{ api: graphName, delegated, adminConsent: random() < 0.7 }]
        : apiRoll < 0.7
          ? [{ api: metering.name }]
          : [];
    const web = apiRoll >= 0.45 && apiRoll < 0.6 ? { web: { redirectUris: [`https://${name}.contoso.com/getAToken`] } } : {};
    workloads[name] = { description: `Generated application ${i}`, ...web, credentials, ...(apiPermissions.length ? { apiPermissions } : {}), roles: grants };
  }
  const config = { ...dev.config, "entra-workloads:workloads": workloads };
  return `# Generated by bench/generate.ts: ${count} workloads. Do not edit.\n${stringifyYaml({ config }, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
