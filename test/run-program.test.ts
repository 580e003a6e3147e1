import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runProgram } from "../preview/runtime/run-program";
import { AzureSimulator } from "../simulator";
import { ROOT } from "./support/program";

describe("running a program under mocks", () => {
  it("fails when an export never resolves, instead of planning as if nothing were exported", async () => {
    await expect(runProgram({
      program: path.join(ROOT, "test/fixtures/programs/never-resolves.ts"),
      project: "entra-workloads", stack: "test", config: {}, mocks: new AzureSimulator(),
    })).rejects.toThrow('the program\'s export "stuck" never resolved');
  });
});
