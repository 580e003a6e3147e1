import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

/**
 * The layers of STYLE §10, as import rules: a pure model at the bottom; stacks/ and components/ on it; policies/
 * reading the model, never the components they judge; the simulator (our model of Azure) and the review tools on
 * top. Only index.ts and tests import components/ (test/layers.test.ts checks the same over the sources).
 */
const layer = (from, ...patterns) => ({
  group: patterns,
  message: `${from} must not import this (STYLE §10: the layers; test/layers.test.ts).`,
});
const components = (from) => layer(from, "**/components", "**/components/**");
const pulumiSdk = (from) => layer(from, "@pulumi/*", "@pulumi/**");

const restrict = (files, patterns) => ({
  files,
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "plan-output/**", "bench/out/**"] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ["eslint.config.mjs"] }, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  {
    files: ["eslint.config.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, "@pulumi/no-output-in-template-literal": "off", "@pulumi/no-output-instance-in-template-literal": "off" },
  },
  { files: ["bench/**/*.ts"], rules: { "no-console": "off" } },
  {
    // vitest types its asymmetric matchers (expect.stringContaining, expect.objectContaining, expect.any, …) as `any`
    // (AsymmetricMatchersContaining), so every matcher inside toEqual/toMatchObject is an "unsafe assignment" of any:
    // 55 findings, all of them matchers (checked when this was written). The other no-unsafe-* rules stay on in tests.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
  },
  restrict(["model/**/*.ts"], [
    pulumiSdk("model/ (the pure model)"),
    layer("model/ (the pure model)", "**/stacks/**", "**/components/**", "**/policies/**", "**/simulator/**", "**/preview/**", "**/bench/**", "**/scripts/**"),
  ]),
  restrict(["stacks/**/*.ts"], [
    pulumiSdk("stacks/ (the manifest)"),
    layer("stacks/ (the manifest)", "**/components", "**/components/**", "**/policies/**", "**/simulator/**", "**/preview/**", "**/bench/**"),
  ]),
  restrict(["components/**/*.ts"], [
    layer("components/", "**/stacks/**", "**/policies/**", "**/simulator/**", "**/preview/**", "**/bench/**"),
  ]),
  restrict(["policies/**/*.ts"], [
    components("policies/ (a guardrail never imports the code it judges)"),
    layer("policies/", "**/stacks/**", "**/simulator/**", "**/preview/**", "**/bench/**"),
  ]),
  restrict(["simulator/**/*.ts"], [
    components("simulator/ (our model of Azure)"),
    layer("simulator/", "**/stacks/**", "**/policies/**", "**/preview/**", "**/bench/**"),
  ]),
  restrict(["preview/**/*.ts"], [components("preview/ (the plan and review tools run index.ts, never import components)"), layer("preview/", "**/bench/**")]),
  restrict(["bench/**/*.ts", "scripts/**/*.ts"], [components("bench/ and scripts/")]),
);
