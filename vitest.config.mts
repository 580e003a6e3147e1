import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi's mock runtime is process-global: one test file per worker at a time, never two at once in one.
    pool: "forks",
    // Files share their worker process one after another rather than each starting a new one (50 files: 71 s → 42 s
    // on 2 cores). That holds because every file that touches the runtime installs its own mocks before it registers
    // anything (setMocks, or runProgram's monitor) and imports the program fresh for each run (vi.resetModules in
    // test/support); the suite passes with files shuffled (--sequence.shuffle.files).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
