import type { ConformanceCase } from "./case";
import { adoptCases } from "./adopt.cases";
import { apisCases } from "./apis.cases";
import { armCases } from "./arm.cases";
import { catalogCases } from "./catalog.cases";
import { entraCases } from "./entra.cases";
import { federatedCases } from "./federated.cases";
import { guardrailsCases } from "./guardrails.cases";
import { hostileCases } from "./hostile.cases";
import { manifestCases } from "./manifest.cases";

/**
 * Every conformance case, by area, in README order. test/conformance/readme.test.ts fails when a `*.cases.ts` file
 * in this folder is not listed here, so a new area cannot be left out of the README's table.
 */
export const AREAS: Record<string, readonly ConformanceCase[]> = {
  manifest: manifestCases,
  catalog: catalogCases,
  entra: entraCases,
  federated: federatedCases,
  arm: armCases,
  adopt: adoptCases,
  apis: apisCases,
  guardrails: guardrailsCases,
  hostile: hostileCases,
};

export const ALL_CASES: readonly ConformanceCase[] = Object.values(AREAS).flat();
