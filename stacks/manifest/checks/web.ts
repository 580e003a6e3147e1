import { redirectUriFlaw } from "../../../components/redirect-uri";
import type { PathSegment, ProblemList } from "../problems";

/** The manifest's wording of what is wrong with a redirect URI (web platform). */
function redirectUriProblem(uri: string): string | undefined {
  const flaw = redirectUriFlaw(uri, "web");
  switch (flaw?.kind) {
    case undefined: return undefined;
    case "wildcard": return `"${uri}" contains a wildcard, which lets tokens go to hosts you do not control; list each exact URI`;
    case "not-absolute": return `"${uri}" is not a URL; use an absolute https URL such as https://app.contoso.com/getAToken`;
    default: return `"${uri}" must use https (http is allowed only for http://localhost)`;
  }
}

export function checkRedirectUris(uris: readonly string[], path: readonly PathSegment[], problems: ProblemList): string[] {
  const seen = new Set<string>();
  uris.forEach((uri, i) => {
    const problem = redirectUriProblem(uri);
    if (problem) problems.add([...path, i], problem);
    if (seen.has(uri)) problems.add([...path, i], `"${uri}" is listed twice; remove the duplicate`);
    seen.add(uri);
  });
  return [...seen];
}
