/**
 * `npm run catalog -- <roles|graph|regions> <path to a git clone of the export> [--today YYYY-MM-DD]`
 *
 * Regenerates one catalog under model/catalog/data from a public export. The machine running it needs no
 * network: clone the export's repository anywhere first; the catalog records that clone's commit.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { Argument } from "commander";
import { invalidArgument, runCommand, type CommandSpec } from "../../preview/cli/command";
import { EXIT } from "../../preview/cli/exit-codes";
import { displayPath, processIo, resolvePath } from "../../preview/cli/io";
import { InputError } from "../../preview/files";
import { buildGraphCatalog, GRAPH_EXPORT } from "./graph";
import { buildRegionCatalog, REGIONS_EXPORT } from "./regions";
import { buildRoleCatalog, readRolesExport, ROLES_EXPORT } from "./roles";
import { checkoutSource, DATA_DIR, readJson, writeJson } from "./source";

const CATALOGS = ["roles", "graph", "regions"] as const;
type Catalog = (typeof CATALOGS)[number];

interface CatalogOptions {
  today?: Date;
}

/** Regenerates `which` from the export cloned at `checkout`; returns the file written and a one-line summary. */
function regenerate(which: Catalog, checkout: string, today: Date): { written: string; summary: string } {
  switch (which) {
    case "roles": {
      const file = path.join(DATA_DIR, "azure-builtin-roles.json");
      const source = checkoutSource(checkout, ROLES_EXPORT.repository, ROLES_EXPORT.path, today);
      const catalog = buildRoleCatalog(readRolesExport(checkout), source, existsSync(file) ? readJson(file) : undefined);
      return { written: writeJson(file, catalog, 1), summary: `${catalog.count} roles (${catalog.source.roleCount} from the export, ${catalog.count - catalog.source.roleCount} carried)` };
    }
    case "graph": {
      const file = path.join(DATA_DIR, "graph-permissions.json");
      const previous = readJson(file) as { resourceAppId: string };
      const sources = [GRAPH_EXPORT.ids, GRAPH_EXPORT.grades].map((p) => checkoutSource(checkout, GRAPH_EXPORT.repository, p, today));
      const catalog = buildGraphCatalog(checkout, sources, readJson(path.join(DATA_DIR, "well-known-apis.json")), previous.resourceAppId);
      return { written: writeJson(file, catalog, 1), summary: `${Object.keys(catalog.permissions).length} Microsoft Graph permissions` };
    }
    case "regions": {
      const catalog = buildRegionCatalog(checkout, checkoutSource(checkout, REGIONS_EXPORT.repository, REGIONS_EXPORT.path, today));
      return { written: writeJson(path.join(DATA_DIR, "azure-regions.json"), catalog, 1), summary: `${catalog.count} regions` };
    }
  }
}

export const catalogCommand: CommandSpec<CatalogOptions> = {
  name: "catalog",
  summary: "Regenerate one catalog under model/catalog/data from a git clone of its public export (no network needed); the catalog records the clone's commit.",
  exits: [EXIT.ok, EXIT.invalid, EXIT.internal],
  define: (cmd) => cmd
    .addArgument(new Argument("<catalog>", "which catalog").choices(CATALOGS))
    .argument("<clone>", "a git clone of the export's repository")
    .option("--today <yyyy-mm-dd>", "the date recorded as the refresh date (default: today)", (text: string) => {
      const day = new Date(`${text}T00:00:00Z`);
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(day.getTime()) ? day : invalidArgument(`expected YYYY-MM-DD, got "${text}"`);
    }),
  help: `Exports:\n  roles    https://github.com/${ROLES_EXPORT.repository}    → model/catalog/data/azure-builtin-roles.json\n  graph    https://github.com/${GRAPH_EXPORT.repository} → model/catalog/data/graph-permissions.json\n  regions  https://github.com/${REGIONS_EXPORT.repository} → model/catalog/data/azure-regions.json`,
  run({ args, options, io }) {
    const [which, clone] = args as [Catalog, string];
    const checkout = resolvePath(io, clone);
    if (!existsSync(checkout)) throw new InputError(`${clone} does not exist; clone the export's repository first`);
    const { written, summary } = regenerate(which, checkout, options.today ?? new Date());
    io.stdout(`${displayPath(io, path.resolve(written))}: ${summary}\n`);
    return EXIT.ok;
  },
};

if (require.main === module) {
  void runCommand(catalogCommand, process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
