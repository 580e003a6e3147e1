import type { PathSegment, ProblemList } from "../problems";

/**
 * ARM's tag limits (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations):
 * at most 50 name-value pairs per resource; names up to 512 characters, values up to 256; names without
 * `<`, `>`, `%`, `&`, `\`, `?`, `/`. (Storage accounts allow 128-character names; the toolkit tags no storage account.)
 */
export const MAX_TAGS = 50;
export const MAX_TAG_NAME = 512;
export const MAX_TAG_VALUE = 256;
export const FORBIDDEN_TAG_NAME_CHARACTERS = ["<", ">", "%", "&", "\\", "?", "/"] as const;

/** Where a merged tag came from: the workload's own `tags` or `defaults.tags`. */
export interface TagSources {
  defaults: Readonly<Record<string, string>>;
  own: Readonly<Record<string, string>>;
  /** Path of the workload (its `tags` are at `[...workload, "tags"]`). */
  workload: readonly PathSegment[];
}

/**
 * Checks the tags an ARM resource will carry (a managed identity: `defaults.tags` merged with its own), naming the
 * field each offending tag came from.
 */
export function checkArmTags(sources: TagSources, problems: ProblemList): void {
  const merged = { ...sources.defaults, ...sources.own };
  const pathOf = (name: string): PathSegment[] =>
    name in sources.own ? [...sources.workload, "tags", name] : ["defaults", "tags", name];
  const count = Object.keys(merged).length;
  if (count > MAX_TAGS) {
    problems.add([...sources.workload, "tags"], `${count} tags (with defaults.tags) but ARM allows ${MAX_TAGS} per resource; drop some, or combine values into one tag holding a JSON string`);
  }
  for (const [name, value] of Object.entries(merged)) {
    const at = pathOf(name);
    // ARM answers InvalidTagNameCharacters ("The tag names '…' have reserved characters '<,>,%,&,\\,?,/'", as
    // https://learn.microsoft.com/cli/azure/azure-cli-learn-bash-powershell quotes it).
    const bad = FORBIDDEN_TAG_NAME_CHARACTERS.filter((c) => name.includes(c)).map((c) => `"${c}"`);
    if (bad.length > 0) problems.add(at, `tag name "${name}" contains ${bad.join(", ")}, which ARM refuses in tag names; use letters, digits, "-", "_", "." or ":"`);
    if (name.length > MAX_TAG_NAME) problems.add(at, `tag name has ${name.length} characters; ARM allows ${MAX_TAG_NAME}`);
    if (value.length > MAX_TAG_VALUE) problems.add(at, `tag value has ${value.length} characters; ARM allows ${MAX_TAG_VALUE}`);
  }
}
