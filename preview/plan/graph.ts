/** A resource in the dependency graph: its URN and the URNs whose outputs it consumes. */
export interface GraphNode {
  urn: string;
  dependsOn: readonly string[];
}

/**
 * The longest chain of dependent resources, counted in resources: the number of sequential Azure calls
 * `pulumi up` cannot avoid. Dependencies on URNs outside `nodes` (components, the stack) are ignored.
 */
export function criticalPath(nodes: readonly GraphNode[]): number {
  const byUrn = new Map(nodes.map((n) => [n.urn, n]));
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (urn: string): number => {
    const known = depth.get(urn);
    if (known !== undefined) return known;
    if (visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    visiting.add(urn);
    let longest = 0;
    for (const dep of byUrn.get(urn)?.dependsOn ?? []) {
      if (byUrn.has(dep)) longest = Math.max(longest, visit(dep));
    }
    visiting.delete(urn);
    depth.set(urn, longest + 1);
    return longest + 1;
  };
  let max = 0;
  for (const node of nodes) max = Math.max(max, visit(node.urn));
  return max;
}
