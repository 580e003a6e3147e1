/** What makes a redirect URI unacceptable: one rule for the manifest and the policy pack. */
export type RedirectUriFlaw =
  | { kind: "wildcard" }
  | { kind: "not-absolute" }
  | { kind: "http-not-localhost" }
  | { kind: "scheme"; scheme: string };

/**
 * https, or http to localhost (development); never a wildcard. Public clients (mobile, desktop) may also
 * use their own custom schemes (`msal…://auth`).
 */
export function redirectUriFlaw(uri: string, platform: "web" | "spa" | "publicClient" = "web"): RedirectUriFlaw | undefined {
  if (uri.includes("*")) return { kind: "wildcard" };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return { kind: "not-absolute" };
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:") return url.hostname === "localhost" ? undefined : { kind: "http-not-localhost" };
  return platform === "publicClient" ? undefined : { kind: "scheme", scheme: url.protocol };
}
