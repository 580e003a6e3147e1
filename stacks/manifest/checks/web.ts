import type { PathSegment, ProblemList } from "../problems";

/** Entra accepts https redirect URIs, and http only for localhost during development; never wildcards. */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri}" is not a URL; use an absolute https URL such as https://app.contoso.com/getAToken`;
  }
  if (uri.includes("*")) return `"${uri}" contains a wildcard, which lets tokens go to hosts you do not control; list each exact URI`;
  const localhost = url.protocol === "http:" && url.hostname === "localhost";
  if (url.protocol !== "https:" && !localhost) return `"${uri}" must use https (http is allowed only for http://localhost)`;
  return undefined;
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
