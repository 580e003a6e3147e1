/**
 * Pulumi resource URNs as the engine builds them, and the shorter form offline plans used to write.
 *
 * The engine: `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified type is the parent's whole
 * qualified type, `$`, then the resource's own type; a parent that is the root stack (`pulumi:pulumi:Stack`) adds
 * nothing. Sources: pulumi/pulumi sdk/go/common/resource/urn.go `NewURN` (the `$` join, the root stack left out) and
 * pkg/resource/deploy/deployment.go `generateURN` ("use the full qualified type" of the parent); the Node SDK's own
 * `createUrn` does the same (`@pulumi/pulumi@3.248.0:resource.js createUrn`: the parent URN up to its last `::`, then
 * `$`; a prefix ending in `::pulumi:pulumi:Stack$` is dropped).
 *
 * The mock runtime's `MockMonitor.newUrn` (`@pulumi/pulumi@3.248.0:runtime/mocks.js`) keeps only the parent's LAST type
 * (`qualifiedType.split("$").pop()`): a resource two components deep got `EntraApplication$Application` where the engine
 * says `Workload$EntraApplication$Application`. Plans written before preview/runtime/capture-monitor.ts built engine
 * URNs hold that form (`legacyMockUrn`).
 */

/** The type of the root stack resource, which the engine leaves out of its children's URNs (urn.go `RootStackType`). */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

const PREFIX = "urn:pulumi:";
const NAME_DELIMITER = "::";
const TYPE_DELIMITER = "$";

export interface UrnParts {
  stack: string;
  project: string;
  /** Every parent's type and then the resource's, joined by `$` (urn.go `QualifiedType`). */
  qualifiedType: string;
  /** The resource's own type: the last `$` part (urn.go `Type`). */
  type: string;
  /** Everything after the third `::` (urn.go `Name`: `SplitN(…, "::", 4)[3]`). */
  name: string;
}

/** The parts of a Pulumi URN, as urn.go reads them; `undefined` for anything that is not one (`IsValid`: prefix and four `::` parts). */
export function parseUrn(urn: string): UrnParts | undefined {
  if (!urn.startsWith(PREFIX)) return undefined;
  const rest = urn.slice(PREFIX.length);
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 3; i++) {
    const at = rest.indexOf(NAME_DELIMITER, from);
    if (at === -1) return undefined;
    parts.push(rest.slice(from, at));
    from = at + NAME_DELIMITER.length;
  }
  const [stack, project, qualifiedType] = parts as [string, string, string];
  if (stack === "" || project === "" || qualifiedType === "") return undefined;
  const type = qualifiedType.slice(qualifiedType.lastIndexOf(TYPE_DELIMITER) + 1);
  return { stack, project, qualifiedType, type, name: rest.slice(from) };
}

/**
 * The URN the engine gives a resource of `type` named `name` whose parent has URN `parent` (empty or absent: no parent).
 * urn.go `NewURN` with deployment.go `generateURN`'s parent type: the parent's qualified type unless it is the root stack.
 */
export function engineUrn(stack: string, project: string, parent: string | undefined, type: string, name: string): string {
  const parentParts = parent ? parseUrn(parent) : undefined;
  if (parent && parentParts === undefined) throw new Error(`not a Pulumi URN: ${parent}`);
  const qualified = parentParts === undefined || parentParts.type === ROOT_STACK_TYPE ? type : `${parentParts.qualifiedType}${TYPE_DELIMITER}${type}`;
  return `${PREFIX}${stack}${NAME_DELIMITER}${project}${NAME_DELIMITER}${qualified}${NAME_DELIMITER}${name}`;
}

/**
 * The URN offline plans wrote for the resource the engine calls `urn` (MockMonitor.newUrn: only the immediate parent's
 * type): the last two `$` parts of the qualified type. The same string when the resource is at most one level deep.
 */
export function legacyMockUrn(urn: string): string {
  const parts = parseUrn(urn);
  if (parts === undefined) return urn;
  const qualified = parts.qualifiedType.split(TYPE_DELIMITER).slice(-2).join(TYPE_DELIMITER);
  return `${PREFIX}${parts.stack}${NAME_DELIMITER}${parts.project}${NAME_DELIMITER}${qualified}${NAME_DELIMITER}${parts.name}`;
}

/**
 * The engine's refusal of a second resource with a URN already registered (pulumi/pulumi
 * sdk/go/common/diag/errors.go GetDuplicateResourceURNError, code 2001). Pulumi's mock monitor does not enforce it
 * (@pulumi/pulumi@3.248.0:runtime/mocks.js registers whatever it is sent), so an offline plan silently kept one of
 * the two resources (issue 12).
 */
export function duplicateUrnMessage(urn: string): string {
  return `Duplicate resource URN '${urn}'; try giving it a unique name`;
}

/** Whether a registration failed with the engine's duplicate-URN refusal ({@link duplicateUrnMessage}). */
export function isDuplicateUrn(failure: { message: string }): boolean {
  return failure.message.startsWith("Duplicate resource URN '");
}
