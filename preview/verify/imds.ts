import { errorText, NoResponse, requestJson, trimSlash, type JsonResponse } from "./http";
import { IMDS_RETRY, imdsBackoffMs, type Clock } from "./retry";

export interface ImdsRequest {
  /** IMDS base URL. */
  endpoint: string;
  /** The user-assigned identity's client id (`client_id=`: required when the host has several). */
  clientId: string;
  /** v1 resource (`resource=`), e.g. `https://management.azure.com/`. */
  resource: string;
  clock: Clock;
  /** Per-request timeout (a timeout is retried like a 404). @default 10 s */
  timeoutMs?: number;
}

export interface ImdsResult {
  /** The access token; never printed. */
  token?: string;
  /** Why no token, when none. */
  error?: string;
  /** Every wait before a retry, in ms, in order: the schedule actually followed. */
  waits: number[];
}

type Outcome = { kind: "token"; token: string } | { kind: "retry"; status: number | "timeout" } | { kind: "gone" } | { kind: "fatal"; error: string };

function classify(r: JsonResponse): Outcome {
  const token = (r.body as { access_token?: unknown } | undefined)?.access_token;
  if (r.status === 200 && typeof token === "string") return { kind: "token", token };
  if (r.status === 410) return { kind: "gone" };
  if (r.status === 404 || r.status === 429 || r.status >= 500) return { kind: "retry", status: r.status };
  // Any other 4xx: "one or more request parameters are wrong; do not retry" (design-time error).
  return { kind: "fatal", error: errorText(r) };
}

/**
 * A managed identity's token from the instance metadata service (shared/seeds/003_*.txt, "Получение маркера с
 * помощью HTTP"): `GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…&client_id=…` with the
 * header `Metadata: true`, retried exactly as `IMDS_RETRY` says. 410 retries do not use up the five: they follow
 * the same back-off, clipped so that the last try falls 70 s after the first 410, and then stop.
 */
export async function imdsToken(req: ImdsRequest): Promise<ImdsResult> {
  const url = `${trimSlash(req.endpoint)}/metadata/identity/oauth2/token?${new URLSearchParams({
    "api-version": "2018-02-01", resource: req.resource, client_id: req.clientId,
  }).toString()}`;
  const waits: number[] = [];
  let retries = 0;
  let goneRetries = 0;
  let goneSince: number | undefined;
  for (;;) {
    let outcome: Outcome;
    try {
      outcome = classify(await requestJson(url, { headers: { Metadata: "true" }, timeoutMs: req.timeoutMs ?? 10_000 }));
    } catch (err) {
      if (!(err instanceof NoResponse)) throw err;
      outcome = { kind: "retry", status: "timeout" };
    }
    if (outcome.kind === "token") return { token: outcome.token, waits };
    if (outcome.kind === "fatal") return { error: `IMDS refused the request (not retried: a 4xx other than 404, 410 and 429 is a design-time error): ${outcome.error}`, waits };
    let wait: number;
    if (outcome.kind === "gone") {
      goneSince ??= req.clock.now();
      const left = goneSince + IMDS_RETRY.goneWithinMs - req.clock.now();
      if (left <= 0) return { error: `IMDS still answered 410 (being updated) ${IMDS_RETRY.goneWithinMs / 1000} s after the first 410`, waits };
      wait = Math.min(imdsBackoffMs(goneRetries++), left);
    } else {
      if (retries >= IMDS_RETRY.retries) {
        return { error: `IMDS still answered ${outcome.status === "timeout" ? "nothing (timeout)" : outcome.status} after ${IMDS_RETRY.retries} retries`, waits };
      }
      wait = imdsBackoffMs(retries++);
      if (outcome.status !== "timeout" && outcome.status >= 500) wait = Math.max(wait, IMDS_RETRY.serverErrorMinWaitMs);
    }
    waits.push(wait);
    await req.clock.sleep(wait);
  }
}
