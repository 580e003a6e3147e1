import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi's mock runtime is process-global: one test file per worker, never two at once in one.
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
