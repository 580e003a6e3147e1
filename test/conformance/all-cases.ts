import type { ConformanceCase } from "./case";
import { adoptCases } from "./adopt.cases";
import { manifestCases } from "./manifest.cases";

/**
 * Every conformance case, by area, in README order. test/conformance/readme.test.ts fails when a `*.cases.ts` file
 * in this folder is not listed here, so a new area cannot be left out of the README's table.
 */
export const AREAS: Record<string, readonly ConformanceCase[]> = {
  manifest: manifestCases,
  adopt: adoptCases,
};

export const ALL_CASES: readonly ConformanceCase[] = Object.values(AREAS).flat();
