import { afterEach, describe, expect, it } from "vitest";
import { imdsToken } from "../../preview/verify/imds";
import { IMDS_RETRY, imdsBackoffMs } from "../../preview/verify/retry";
import { decodeClaims } from "../../preview/verify/jwt";
import { emptyState, fakeClock, startFake, type Fake } from "./fakes";

const MI = "3d7e1c52-6a0b-4f5e-9c1d-2b8a7f6e5d4c";
const TENANT = "6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
let fake: Fake | undefined;
afterEach(async () => { await fake?.close(); fake = undefined; });

async function run(script: Array<number | "hang">, timeoutMs?: number) {
  const state = emptyState();
  state.imdsScript = script;
  state.managedIdentities[MI] = TENANT;
  fake = await startFake(state);
  const clock = fakeClock();
  const result = await imdsToken({ endpoint: fake.url, clientId: MI, resource: "https://management.azure.com/", clock, ...(timeoutMs ? { timeoutMs } : {}) });
  return { result, waits: clock.waits, requests: state.log.length };
}

describe("IMDS retry guidance (shared/seeds/003: 5 retries, min 0 s, max 60 s, delta 2 s, no fast first retry)", () => {
  it("waits about 0, 2, 6, 14, 30 s before retries 1 to 5", () => {
    expect([0, 1, 2, 3, 4].map(imdsBackoffMs)).toEqual([0, 2_000, 6_000, 14_000, 30_000]);
    expect(imdsBackoffMs(10)).toBe(IMDS_RETRY.maxBackoffMs);
  });

  it("retries 429 three times, then gets the token with client_id and Metadata: true", async () => {
    const { result, waits, requests } = await run([429, 429, 429]);
    expect(waits).toEqual([0, 2_000, 6_000]);
    expect(requests).toBe(4);
    expect(decodeClaims(result.token as string)).toMatchObject({ appid: MI, aud: "https://management.azure.com/" });
  });

  it("retries 404 while the metadata service updates", async () => {
    const { result, waits } = await run([404, 404]);
    expect(result.token).toBeDefined();
    expect(waits).toEqual([0, 2_000]);
  });

  it("after a 410 tries again (available within 70 s)", async () => {
    const { result, waits } = await run([410]);
    expect(result.token).toBeDefined();
    expect(waits).toEqual([0]);
  });

  it("gives up on 410 exactly 70 s after the first one, without using the five retries", async () => {
    const { result, waits } = await run(Array<number>(20).fill(410));
    expect(waits).toEqual([0, 2_000, 6_000, 14_000, 30_000, 18_000]);
    expect(waits.reduce((a, b) => a + b, 0)).toBe(70_000);
    expect(result.error).toMatch(/410.*70 s/);
  });

  it("waits at least 1 s before retrying a 5xx", async () => {
    const { result, waits } = await run([500, 503]);
    expect(result.token).toBeDefined();
    expect(waits).toEqual([1_000, 2_000]);
  });

  it("stops after five retries of a throttled endpoint", async () => {
    const { result, waits, requests } = await run(Array<number>(10).fill(429));
    expect(waits).toEqual([0, 2_000, 6_000, 14_000, 30_000]);
    expect(requests).toBe(6);
    expect(result.error).toBe("IMDS still answered 429 after 5 retries");
  });

  it("never retries another 4xx (a design-time error)", async () => {
    const { result, waits, requests } = await run([400]);
    expect(waits).toEqual([]);
    expect(requests).toBe(1);
    expect(result.error).toMatch(/not retried.*HTTP 400/);
  });

  it("retries a timeout like a 404", async () => {
    const { result, waits } = await run(["hang"], 100);
    expect(result.token).toBeDefined();
    expect(waits).toEqual([0]);
  });
});
