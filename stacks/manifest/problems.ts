import { formatPath, type PathSegment } from "../../model/paths";

/** A manifest problem: where (a dotted path into the stack config) and what to do about it. */
export interface Problem {
  path: string;
  message: string;
}

export { formatPath, type PathSegment };

/** Collects problems under a path prefix, so each check names only its own part of the path. */
export class ProblemList {
  readonly items: Problem[] = [];

  add(path: readonly PathSegment[], message: string): void {
    this.items.push({ path: formatPath(path), message });
  }

  /** Keeps a problem another list found (its path already formatted). */
  keep(problem: Problem): void {
    this.items.push(problem);
  }

  get empty(): boolean {
    return this.items.length === 0;
  }
}

/** `path: message` lines, the form every tool of ours prints problems in. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join("\n");
}
