import { describe, expect, it } from "vitest";
import { isManifestError } from "../../stacks/manifest";
import { runManifest } from "../support/program";
import type { ConformanceCase } from "./case";

/** Runs each case through the real program against the simulator and asserts the preview's verdict. */
export function conformance(area: string, cases: readonly ConformanceCase[]): void {
  describe(`conformance: ${area}`, () => {
    it.each(cases.map((c) => [c.rule, c] as const))("%s", async (_rule, c) => {
      const run = await runManifest(c.manifest, undefined, c.stack, c.tenant);
      const expected = c.expect;
      if (expected.exit === 2) {
        expect(isManifestError(run.error), `expected an invalid manifest; failures: ${JSON.stringify(run.failures)}`).toBe(true);
        if (!isManifestError(run.error)) return;
        const problem = run.error.problems.find((p) => p.path === expected.path);
        expect(problem, `problems were: ${JSON.stringify(run.error.problems)}`).toBeDefined();
        expect(problem?.message).toMatch(expected.message);
        expect(run.resources).toEqual([]);
      } else {
        expect(run.error, String(run.error)).toBeUndefined();
        const failure = run.failures.find((f) => expected.resource.test(f.name) && f.message.includes(`${expected.code}:`));
        expect(failure, `failures were: ${JSON.stringify(run.failures)}`).toBeDefined();
        if (expected.message) expect(failure?.message).toMatch(expected.message);
      }
    });
  });
}
