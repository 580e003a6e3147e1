// npm run bench [-- --sizes 10,100,1000] [--runs 3] [--results DIR] [--render]   (npm run bench -- --help)
//
// For each size: generates a stack of that many workloads (bench/generate.ts), then, alternating, measures the
// offline preview (`npm run plan`: `preview/cli/main.ts plan`) and the baseline (`bench/baseline.ts`: the same resources, plain SDK, same
// simulator) as separate process trees, `runs` times each. Writes results.json and results.md (the table, the
// targets of issue 5, and bench/notes.md) and prints the table.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, totalmem } from "node:os";
import * as path from "node:path";
import type { PlanFile } from "../preview/plan/plan-file";
import { invalidArgument, runCommand, type CommandSpec } from "../preview/cli/command";
import { EXIT } from "../preview/cli/exit-codes";
import { processIo, resolvePath, type CommandIo } from "../preview/cli/io";
import { generateStack } from "./generate";
import { measure, median, type Measurement } from "./measure";

const BENCH = __dirname;
const OUT = path.join(BENCH, "out");
const NOW = "2026-11-23";
const GiB = 1024 ** 3;

interface Runs {
  wallMs: number[];
  peakRssBytes: number[];
  sampledPeakRssBytes: number[];
  processes: number;
  medianWallMs: number;
  medianPeakRssBytes: number;
}

export interface SizeResult {
  workloads: number;
  /** Custom resources in plan.json (summary.resources). */
  resources: number;
  /** Custom resources the baseline registered: the same set, without our components. */
  baselineResources: number;
  /** summary.criticalPath of plan.json. */
  criticalPath: number;
  ours: Runs;
  baseline: Runs;
  /** ours / baseline, median wall times. */
  ratio: number;
}

export interface Target { name: string; value: number | null; limit: number; met: boolean | null }

export interface BenchResults {
  generatedAt: string;
  machine: { cpus: number; model: string; memoryGiB: number; node: string };
  runsPerMeasurement: number;
  sizes: SizeResult[];
  targets: Target[];
}

function summarize(measurements: Measurement[]): Runs {
  return {
    wallMs: measurements.map((m) => Math.round(m.wallMs)),
    peakRssBytes: measurements.map((m) => m.peakRssBytes),
    sampledPeakRssBytes: measurements.map((m) => m.sampledPeakRssBytes),
    processes: Math.max(...measurements.map((m) => m.processes)),
    medianWallMs: Math.round(median(measurements.map((m) => m.wallMs))),
    medianPeakRssBytes: median(measurements.map((m) => m.peakRssBytes)),
  };
}

function check(m: Measurement, what: string, okCodes: number[]): Measurement {
  if (!okCodes.includes(m.exitCode)) throw new Error(`${what} exited ${m.exitCode}:\n${m.stderr.slice(-2000)}`);
  return m;
}

async function benchSize(workloads: number, runs: number, io: CommandIo): Promise<SizeResult> {
  const stackFile = path.join(OUT, `Pulumi.bench-${workloads}.yaml`);
  writeFileSync(stackFile, generateStack(workloads));
  const planDir = path.join(OUT, `plan-${workloads}`);
  const ours: Measurement[] = [];
  const baseline: Measurement[] = [];
  let baselineResources = 0;
  for (let run = 1; run <= runs; run++) {
    // exit 1 (a mandatory finding) is a completed plan too; the generated stacks have none
    ours.push(check(await measure(["preview/cli/main.ts", "plan", "--stack-file", stackFile, "--now", NOW, "--out", planDir]), `plan of ${workloads}`, [0, 1]));
    const b = check(await measure(["bench/baseline.ts", "--stack-file", stackFile, "--now", NOW]), `baseline of ${workloads}`, [0]);
    baselineResources = (JSON.parse(b.stdout) as { resources: number }).resources;
    baseline.push(b);
    io.stderr(`${workloads} workloads, run ${run}/${runs}: ours ${(ours[run - 1].wallMs / 1000).toFixed(1)} s, baseline ${(b.wallMs / 1000).toFixed(1)} s\n`);
  }
  const plan = JSON.parse(readFileSync(path.join(planDir, "plan.json"), "utf8")) as PlanFile;
  const o = summarize(ours);
  const b = summarize(baseline);
  return {
    workloads,
    resources: plan.summary.resources,
    baselineResources,
    criticalPath: plan.summary.criticalPath,
    ours: o,
    baseline: b,
    ratio: Math.round((o.medianWallMs / b.medianWallMs) * 100) / 100,
  };
}

function targets(sizes: SizeResult[]): Target[] {
  const at = (n: number) => sizes.find((s) => s.workloads === n);
  const big = at(1000);
  const mid = at(100);
  const target = (name: string, value: number | undefined, limit: number): Target =>
    ({ name, value: value === undefined ? null : Math.round(value * 100) / 100, limit, met: value === undefined ? null : value <= limit });
  return [
    target("1000 workloads: wall time of ours (s)", big && big.ours.medianWallMs / 1000, 60),
    target("1000 workloads: peak RSS of ours, whole process tree (GiB)", big && big.ours.medianPeakRssBytes / GiB, 2),
    target("1000 workloads: ours / baseline", big?.ratio, 1.3),
    target("growth: time(1000) / time(100), ours", big && mid && big.ours.medianWallMs / mid.ours.medianWallMs, 11),
    target("critical path, largest of every size", sizes.length ? Math.max(...sizes.map((s) => s.criticalPath)) : undefined, 3),
  ];
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const gib = (bytes: number) => `${(bytes / GiB).toFixed(2)} GiB`;

export function table(results: BenchResults): string {
  const rows = results.sizes.map((s) =>
    `| ${s.workloads} | ${s.resources} | ${secs(s.ours.medianWallMs)} | ${secs(s.baseline.medianWallMs)} | ${s.ratio.toFixed(2)}× | ${gib(s.ours.medianPeakRssBytes)} (${s.ours.processes} proc.) | ${gib(s.baseline.medianPeakRssBytes)} | ${s.criticalPath} |`);
  return [
    "| workloads | resources | ours (median) | baseline (median) | ratio | peak RSS ours | peak RSS baseline | critical path |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
}

function markdown(results: BenchResults): string {
  const verdict = (t: Target) => (t.met === null ? "not measured" : t.met ? "**met**" : "**missed**");
  const notesFile = path.join(BENCH, "notes.md");
  return [
    "# Benchmark: offline preview vs. plain-SDK baseline",
    "",
    `Generated by \`npm run bench\` on ${results.generatedAt.slice(0, 10)}: ${results.machine.cpus} cores (${results.machine.model}), ` +
      `${results.machine.memoryGiB} GiB, Node ${results.machine.node}; median of ${results.runsPerMeasurement} run(s) per cell.`,
    "",
    table(results),
    "",
    "## Targets (issue 5)",
    "",
    "| target | value | limit | verdict |",
    "|---|---:|---:|---|",
    ...results.targets.map((t) => `| ${t.name} | ${t.value ?? "–"} | ${t.limit} | ${verdict(t)} |`),
    "",
    existsSync(notesFile) ? readFileSync(notesFile, "utf8").trimEnd() : "",
    "",
  ].join("\n");
}

interface BenchOptions {
  sizes: number[];
  runs: number;
  results: string;
  render?: boolean;
}

function positive(what: string): (text: string) => number {
  return (text) => (/^[1-9]\d*$/.test(text) ? Number(text) : invalidArgument(`expected ${what}, got "${text}"`));
}

export const benchCommand: CommandSpec<BenchOptions> = {
  name: "bench",
  summary: "Measure the offline preview against a plain-SDK baseline (the same resources, the same simulator) at each size, and write results.json and results.md.",
  exits: [EXIT.ok, EXIT.invalid, EXIT.internal],
  define: (cmd) => cmd
    .option("--sizes <list>", "workload counts, comma-separated", (text: string) => text.split(",").map(positive("positive workload counts such as 10,100,1000")), [10, 100, 1000])
    .option("--runs <n>", "runs per size and side (the median is reported)", positive("a positive number of runs"), 3)
    .option("--results <dir>", "where results.json and results.md go", BENCH)
    .option("--render", "re-render results.md from results.json (after editing bench/notes.md), measuring nothing"),
  async run({ options, io }) {
    const results = resolvePath(io, options.results);
    if (options.render) {
      const previous = JSON.parse(readFileSync(path.join(results, "results.json"), "utf8")) as BenchResults;
      writeFileSync(path.join(results, "results.md"), markdown(previous));
      io.stdout(`${table(previous)}\n`);
      return EXIT.ok;
    }
    mkdirSync(OUT, { recursive: true });
    mkdirSync(results, { recursive: true });
    const measured: SizeResult[] = [];
    for (const size of options.sizes) measured.push(await benchSize(size, options.runs, io));
    const written: BenchResults = {
      generatedAt: new Date().toISOString(),
      machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? "unknown", memoryGiB: Math.round(totalmem() / GiB), node: process.versions.node },
      runsPerMeasurement: options.runs,
      sizes: measured,
      targets: targets(measured),
    };
    writeFileSync(path.join(results, "results.json"), `${JSON.stringify(written, null, 2)}\n`);
    writeFileSync(path.join(results, "results.md"), markdown(written));
    io.stdout(`${table(written)}\n`);
    for (const t of written.targets) io.stdout(`${t.met === null ? "·" : t.met ? "✓" : "✗"} ${t.name}: ${t.value ?? "–"} (limit ${t.limit})\n`);
    return EXIT.ok;
  },
};

if (require.main === module) {
  void runCommand(benchCommand, process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
