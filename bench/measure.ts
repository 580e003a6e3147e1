import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const RSS_HOOK = path.join(__dirname, "rss-hook.cjs");
const SAMPLE_INTERVAL_MS = 100;

/** One measured process tree. */
export interface Measurement {
  /** From spawn to exit of the top process, in milliseconds. */
  wallMs: number;
  /**
   * Peak RSS of the whole process tree, bounded from above: at each moment, the sum of the own peaks (maxRSS,
   * written at exit by bench/rss-hook.cjs) of the processes alive then; the largest such sum. For one process it
   * is its exact peak; for several it over-counts only when their peaks do not coincide.
   */
  peakRssBytes: number;
  /** Largest sum of the tree's current RSS seen while sampling /proc every 100 ms (a lower bound of the tree's peak). */
  sampledPeakRssBytes: number;
  /** Processes that reported a peak (the top one plus every shard worker). */
  processes: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

interface ProcessPeak { startMs: number; endMs: number; maxRssKiB: number }

/** The largest sum of own peaks over the processes alive at one moment (a sum only changes when one starts). */
function concurrentPeak(peaks: readonly ProcessPeak[]): number {
  let max = 0;
  for (const p of peaks) {
    const alive = peaks.filter((q) => q.startMs <= p.startMs && p.startMs <= q.endMs);
    max = Math.max(max, alive.reduce((sum, q) => sum + q.maxRssKiB * 1024, 0));
  }
  return max;
}

/** Children of each pid, from /proc/<pid>/stat (Linux). */
function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // the process exited while we looked
    }
  }
  return children;
}

function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kib ? Number(kib[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function treeRss(root: number): number {
  const children = childrenByParent();
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += rssBytes(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs `node --import tsx <args>` in the repository, as a separate process tree, and measures it. */
export function measure(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  const rssDir = mkdtempSync(path.join(tmpdir(), "bench-rss-"));
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      NO_COLOR: "1",
      BENCH_RSS_DIR: rssDir,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${RSS_HOOK}`.trim(),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let sampledPeak = 0;
  const sampler = setInterval(() => {
    if (child.pid !== undefined) sampledPeak = Math.max(sampledPeak, treeRss(child.pid));
  }, SAMPLE_INTERVAL_MS);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      clearInterval(sampler);
      const peaks = readdirSync(rssDir).map((f) => JSON.parse(readFileSync(path.join(rssDir, f), "utf8")) as ProcessPeak);
      rmSync(rssDir, { recursive: true, force: true });
      resolve({
        wallMs,
        peakRssBytes: concurrentPeak(peaks),
        sampledPeakRssBytes: sampledPeak,
        processes: peaks.length,
        exitCode: code ?? -1,
        stdout,
        stderr,
      });
    });
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
