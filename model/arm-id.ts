/**
 * Strict parsing of the ARM ids a role assignment may be scoped to.
 *
 * Forms (https://learn.microsoft.com/azure/role-based-access-control/scope-overview#scope-format and
 * https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules):
 *   /providers/Microsoft.Management/managementGroups/{groupId}
 *   /subscriptions/{subscriptionId}
 *   /subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}
 *   /subscriptions/{subscriptionId}[/resourceGroups/{resourceGroup}]/providers/{namespace}/{type}/{name}[/{childType}/{childName}]…
 * A subscription-level resource (no resource group: `/subscriptions/<id>/providers/Microsoft.Security/pricings/default`)
 * is a resource scope too.
 *
 * Each segment is checked, because ARM reads the id as a URL path:
 * - `#` — "Don't use # in a resource name since it interferes with URL parsing of Azure Resource Manager requests"
 *   (resource-name-rules above).
 * - `?` starts the query and `%` a percent-escape (RFC 3986 §3.3–3.4, https://www.rfc-editor.org/rfc/rfc3986): `%2F`
 *   is a `/` to the server, not to a reviewer.
 * - `.` and `..` are dot-segments a URL resolver removes (RFC 3986 §5.2.4): `…/providers/x/../../..` names a scope
 *   above the one it seems to.
 * - Empty segments (`//`) and whitespace or control characters: not a resource id ARM issues. This last one is the
 *   toolkit's own rule (ARM ids it returns never hold them); it keeps a scope readable for review.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A resource provider namespace: `Microsoft.Compute`, `Contoso.Widgets` (dot-separated words). */
const NAMESPACE = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+$/;
/** A resource type segment: `virtualMachines`, `pricings`. */
const TYPE = /^[A-Za-z][A-Za-z0-9-]*$/;

export type ArmScopeKind = "managementGroup" | "subscription" | "resourceGroup" | "resource";

export interface ArmScope {
  kind: ArmScopeKind;
  subscriptionId?: string;
  resourceGroup?: string;
  /** For a resource: `Microsoft.Compute/virtualMachines[/child…]`. */
  resourceType?: string;
}

const FORMS = "/subscriptions/<subscription id>[/resourceGroups/<name>][/providers/<namespace>/<type>/<name>] or /providers/Microsoft.Management/managementGroups/<id>";

/** Why one name segment cannot be part of an ARM id, or undefined. */
export function armSegmentProblem(segment: string): string | undefined {
  if (segment === "") return "an empty segment (\"//\")";
  if (segment === "." || segment === "..") return `a "${segment}" segment, which a URL resolver removes (RFC 3986 §5.2.4)`;
  const bad = [...new Set([...segment].filter((c) => c === "#" || c === "?" || c === "%" || c === "\\" || /[\s\p{Cc}\p{Cf}]/u.test(c)))];
  if (bad.length > 0) return `${bad.map((c) => (/[\s\p{Cc}\p{Cf}]/u.test(c) ? `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}` : `"${c}"`)).join(", ")} in "${segment}" (ARM reads the id as a URL path)`;
  return undefined;
}

/**
 * A management group id: 1–90 letters, digits, hyphens, underscores, periods and parentheses, not ending with a period
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftmanagement).
 */
function managementGroupIdProblem(id: string): string | undefined {
  if (id.length > 90) return `is ${id.length} characters long; ARM allows at most 90`;
  if (!/^[A-Za-z0-9_().-]+$/.test(id)) return "holds characters ARM does not allow there (letters, digits, \"-\", \"_\", \".\", \"(\" and \")\" only)";
  if (id.endsWith(".")) return "ends with a period, which ARM refuses";
  return undefined;
}

export function parseArmScope(scope: string): { scope?: ArmScope; problem?: string } {
  const fail = (why: string) => ({ problem: `${why}; use ${FORMS}` });
  if (!scope.startsWith("/")) return fail("an ARM id starts with \"/\"");
  const segments = scope.slice(1).split("/");
  for (const [i, segment] of segments.entries()) {
    // The resource group name has ARM's own, stricter rule (stacks/manifest/checks/names.ts resourceGroupNameProblem,
    // which the manifest applies to it with its own message); only an empty one is refused here.
    if (i === 3 && segment !== "" && segments[2].toLowerCase() === "resourcegroups") continue;
    const problem = armSegmentProblem(segment);
    if (problem) return fail(`it holds ${problem}`);
  }
  const [first, second, ...rest] = segments;
  if (first.toLowerCase() === "providers") {
    if (segments.length === 4 && /^Microsoft\.Management$/i.test(second) && /^managementGroups$/i.test(rest[0])) {
      const problem = managementGroupIdProblem(rest[1]);
      return problem === undefined ? { scope: { kind: "managementGroup" } } : fail(`the management group id "${rest[1]}" ${problem}`);
    }
    return fail("a scope under /providers must be a management group");
  }
  if (first.toLowerCase() !== "subscriptions" || second === undefined) return fail("it is not a subscription, resource group, resource or management group id");
  if (!GUID.test(second)) return fail(`"${second}" is not a subscription id (a GUID)`);
  let at = 0;
  let resourceGroup: string | undefined;
  if (rest[0] !== undefined && rest[0].toLowerCase() === "resourcegroups") {
    if (rest[1] === undefined) return fail("resourceGroups without a name");
    resourceGroup = rest[1];
    at = 2;
  }
  const tail = rest.slice(at);
  if (tail.length === 0) return { scope: resourceGroup === undefined ? { kind: "subscription", subscriptionId: second } : { kind: "resourceGroup", subscriptionId: second, resourceGroup } };
  if (tail[0].toLowerCase() !== "providers") return fail(`"${tail[0]}" where "providers" or "resourceGroups" belongs`);
  // A resource, then any number of extension resources on it: `…/providers/<namespace>/<type>/<name>[/<child type>/<name>]…`
  // repeated, each `providers` starting the next one's namespace
  // (https://learn.microsoft.com/azure/azure-resource-manager/management/extension-resource-types: an extension
  // resource's id is its parent's id + `/providers/<namespace>/<type>/<name>`). The scope's type is the last one's.
  let resourceType = "";
  for (let i = 0; i < tail.length;) {
    if (tail[i].toLowerCase() !== "providers") return fail(`"${tail[i]}" is not a resource type/name pair; an extension resource continues with "providers"`);
    const namespace = tail[i + 1];
    if (namespace === undefined || !NAMESPACE.test(namespace)) return fail(`"${namespace ?? ""}" is not a resource provider namespace (such as Microsoft.Compute)`);
    const types: string[] = [];
    let at = i + 2;
    while (at < tail.length && tail[at].toLowerCase() !== "providers") {
      if (tail[at + 1] === undefined) return fail("a resource id needs <type>/<name> pairs after the namespace");
      if (!TYPE.test(tail[at])) return fail(`"${tail[at]}" is not a resource type`);
      types.push(tail[at]);
      at += 2;
    }
    if (types.length === 0) return fail("a resource id needs <type>/<name> pairs after the namespace");
    resourceType = [namespace, ...types].join("/");
    i = at;
  }
  return { scope: { kind: "resource", subscriptionId: second, resourceGroup, resourceType } };
}
