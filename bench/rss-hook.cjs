// Loaded into every process of a measurement with NODE_OPTIONS=--require (children inherit it): at exit, writes
// this process's peak resident set size (process.resourceUsage().maxRSS, KiB) and when it lived (epoch ms) to
// $BENCH_RSS_DIR/<pid>.json.
"use strict";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS preload, no TypeScript loader yet
const fs = require("node:fs");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const path = require("node:path");

const dir = process.env.BENCH_RSS_DIR;
if (dir) {
  const startMs = Date.now();
  process.on("exit", () => {
    try {
      fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify({ pid: process.pid, startMs, endMs: Date.now(), maxRssKiB: process.resourceUsage().maxRSS }));
    } catch {
      // a measurement without this process's peak is still a measurement; the bench counts the files it finds
    }
  });
}
