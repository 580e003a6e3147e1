/**
 * `npm run catalog -- <roles|graph|regions> <path to a git clone of the export> [--today YYYY-MM-DD]`
 *
 * Regenerates one catalog under model/catalog/data from a public export. The machine running it needs no
 * network: clone the export's repository anywhere first; the catalog records that clone's commit.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { buildGraphCatalog, GRAPH_EXPORT } from "./graph";
import { buildRegionCatalog, REGIONS_EXPORT } from "./regions";
import { buildRoleCatalog, readRolesExport, ROLES_EXPORT } from "./roles";
import { checkoutSource, DATA_DIR, readJson, writeJson } from "./source";

const USAGE = `usage: npm run catalog -- <roles|graph|regions> <git clone of the export> [--today YYYY-MM-DD]
  roles    https://github.com/${ROLES_EXPORT.repository}    → model/catalog/data/azure-builtin-roles.json
  graph    https://github.com/${GRAPH_EXPORT.repository} → model/catalog/data/graph-permissions.json
  regions  https://github.com/${REGIONS_EXPORT.repository} → model/catalog/data/azure-regions.json
`;

function main(argv: string[]): number {
  const todayAt = argv.indexOf("--today");
  const today = todayAt >= 0 ? new Date(`${argv[todayAt + 1]}T00:00:00Z`) : new Date();
  const args = todayAt >= 0 ? argv.filter((_, i) => i !== todayAt && i !== todayAt + 1) : argv;
  const [which, checkout] = args;
  if (!which || !checkout || args.includes("--help") || Number.isNaN(today.getTime())) {
    process.stderr.write(USAGE);
    return which === "--help" || args.includes("--help") ? 0 : 2;
  }
  if (!existsSync(checkout)) throw new Error(`${checkout} does not exist`);
  let written: string;
  let summary: string;
  switch (which) {
    case "roles": {
      const file = path.join(DATA_DIR, "azure-builtin-roles.json");
      const source = checkoutSource(checkout, ROLES_EXPORT.repository, ROLES_EXPORT.path, today);
      const catalog = buildRoleCatalog(readRolesExport(checkout), source, existsSync(file) ? readJson(file) : undefined);
      written = writeJson(file, catalog, 1);
      summary = `${catalog.count} roles (${catalog.source.roleCount} from the export, ${catalog.count - catalog.source.roleCount} carried)`;
      break;
    }
    case "graph": {
      const file = path.join(DATA_DIR, "graph-permissions.json");
      const previous = readJson(file) as { resourceAppId: string };
      const sources = [GRAPH_EXPORT.ids, GRAPH_EXPORT.grades].map((p) => checkoutSource(checkout, GRAPH_EXPORT.repository, p, today));
      const catalog = buildGraphCatalog(checkout, sources, readJson(path.join(DATA_DIR, "well-known-apis.json")), previous.resourceAppId);
      written = writeJson(file, catalog, 1);
      summary = `${Object.keys(catalog.permissions).length} Microsoft Graph permissions`;
      break;
    }
    case "regions": {
      const catalog = buildRegionCatalog(checkout, checkoutSource(checkout, REGIONS_EXPORT.repository, REGIONS_EXPORT.path, today));
      written = writeJson(path.join(DATA_DIR, "azure-regions.json"), catalog, 1);
      summary = `${catalog.count} regions`;
      break;
    }
    default:
      process.stderr.write(`unknown catalog "${which}"\n${USAGE}`);
      return 2;
  }
  process.stdout.write(`${path.relative(process.cwd(), written)}: ${summary}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`catalog: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
