import type { SimulatedTenant } from "../../simulator";
import type { Manifest } from "../support/program";

/**
 * One rule of the preview, reproduced: a stack that real Entra ID / ARM / the pinned provider refuses (or that breaks
 * in production), and what the preview says about it. The README's "What the preview catches" table lists every
 * case's `rule`, `catches` and `source` (test/conformance/readme.test.ts keeps them in step).
 */
export interface ConformanceCase {
  /** Short, unique, kebab-case name of the rule, e.g. `federated-credential-one-audience`. */
  rule: string;
  /** One line for the README: what a user would otherwise hit at `pulumi up` or in production. */
  catches: string;
  /**
   * Where the rule comes from: a Microsoft Learn / Graph / ARM docs URL, an Azure REST API spec file at a commit,
   * or `terraform-provider-azuread@38d1993a:path/to/file.go` (the commit @pulumi/azuread 6.9.1 bridges). Several
   * sources are separated by " ; ".
   */
  source: string;
  /** The error the real service or provider gives, e.g. `Request_BadRequest: ... owners ...` or `RoleAssignmentExists`. */
  realError: string;
  /** The stack config under test (keyVault, defaults, workloads). */
  manifest: Manifest;
  /** The stack name. @default "test" */
  stack?: string;
  /** What the tenant held before the run. @default an empty tenant */
  tenant?: SimulatedTenant;
  /** The manifest alone shows it: exit 2 with this path; or the tenant refuses it: exit 3 with Azure's error code. */
  expect:
    | { exit: 2; path: string; message: RegExp }
    | { exit: 3; code: string; resource: RegExp; message?: RegExp };
}
