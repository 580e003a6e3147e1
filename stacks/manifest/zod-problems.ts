import type { z } from "zod";
import { didYouMean } from "../../model/catalog";
import type { PathSegment, ProblemList } from "./problems";
import * as schema from "./schema";

function shapeKeys(s: z.ZodType): string[] {
  const shape = (s as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** Every field name the manifest knows, for "did you mean" on a misspelt key. */
const KNOWN_FIELDS = [...new Set([
  schema.workload, schema.secretCredential, schema.certificateCredential, schema.federatedCredential,
  schema.apiPermission, schema.roleAssignment, schema.keyVault, schema.defaults,
].flatMap(shapeKeys).concat("redirectUris"))];

function describe(issue: z.core.$ZodIssue): { extraPath?: PathSegment; message: string }[] {
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => ({ extraPath: key, message: `unknown field "${key}"${didYouMean(key, KNOWN_FIELDS, 1)}` }));
    case "invalid_type":
      if (/received undefined/.test(issue.message)) return [{ message: "is required" }];
      return [{ message: `must be ${issue.expected === "record" || issue.expected === "object" ? "a map of fields" : issue.expected === "array" ? "a list" : `a ${issue.expected}`}` }];
    case "invalid_union":
      if (issue.discriminator) {
        return [{ message: "must be one of secret, certificate, federated" }];
      }
      return [{ message: issue.message }];
    case "too_small":
      if (issue.origin === "array") return [{ message: `must list at least ${String(issue.minimum)} item(s)` }];
      if (issue.origin === "string") return [{ message: "must not be empty" }];
      return [{ message: `must be at least ${String(issue.minimum)}` }];
    case "too_big":
      if (issue.origin === "string") return [{ message: `must be at most ${String(issue.maximum)} characters` }];
      return [{ message: `must be at most ${String(issue.maximum)}` }];
    default:
      return [{ message: issue.message }];
  }
}

/** Adds every zod issue of a failed parse, under `base`, worded for a manifest author. */
export function addZodProblems(error: z.ZodError, base: readonly PathSegment[], problems: ProblemList): void {
  for (const issue of error.issues) {
    for (const { extraPath, message } of describe(issue)) {
      const path = [...base, ...(issue.path as PathSegment[]), ...(extraPath === undefined ? [] : [extraPath])];
      problems.add(path, message);
    }
  }
}
