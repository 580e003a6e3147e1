/** A place in a document: keys and list positions, outermost first. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * How every tool of ours names a place in a document: `["workloads", "graph-daemon", "apiPermissions", 0]` →
 * `workloads.graph-daemon.apiPermissions[0]`; a key that is not plain is quoted (`workloads["a b"]`). Empty for the
 * document itself.
 */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
