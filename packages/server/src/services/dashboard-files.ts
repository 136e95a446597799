/**
 * The dashboard's built files (`@rehearse/dashboard`'s `dist/`), read from
 * disk on request: the server never imports dashboard code, it only serves
 * files. A request names a file relative to the directory; anything that
 * could leave it (`..`, a backslash, NUL, a hidden segment, an absolute
 * path) is refused before the file system is asked. A precompressed sibling
 * (`<file>.br`, `<file>.gz`) the build left is served when the client
 * accepts its encoding.
 */
import { existsSync, type Stats } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, isAbsolute, join, resolve, sep } from "node:path";

/** Content types by extension; others are `application/octet-stream`. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".map": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** Precompressed siblings, by preference when the client accepts both equally. */
const ENCODINGS = [
  { coding: "br", suffix: ".br" },
  { coding: "gzip", suffix: ".gz" },
] as const;
type Coding = (typeof ENCODINGS)[number]["coding"];

/** A file to send. */
export interface DashboardFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** Set when a precompressed sibling is sent. */
  encoding: Coding | undefined;
  /** Changes whenever the bytes sent change (size and modification time of the file sent). */
  etag: string;
}

/** The quality the `Accept-Encoding` header gives each coding we can send (0: not acceptable). */
export function acceptedEncodings(header: string | undefined): Record<Coding, number> {
  const qualities = new Map<string, number>();
  for (const part of (header ?? "").toLowerCase().split(",")) {
    const [name, ...parameters] = part.split(";").map((piece) => piece.trim());
    if (!name) continue;
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    // an unreadable quality is no consent
    const quality = q === undefined ? 1 : /^[0-9.]+$/.test(q.slice(2)) ? Number(q.slice(2)) : 0;
    qualities.set(name, Number.isFinite(quality) ? quality : 0);
  }
  const wildcard = qualities.get("*") ?? 0;
  return {
    br: qualities.get("br") ?? wildcard,
    gzip: qualities.get("gzip") ?? qualities.get("x-gzip") ?? wildcard,
  };
}

/**
 * `relative` (a decoded URL path below the directory) as an absolute path
 * inside `root`, or `undefined` when it is not one a request may name.
 */
export function containedPath(root: string, relative: string): string | undefined {
  if (relative === "" || relative.includes("\u0000") || relative.includes("\\") || isAbsolute(relative)) return undefined;
  const segments = relative.split("/");
  if (segments.some((segment) => segment === "" || segment.startsWith("."))) return undefined;
  const path = resolve(root, relative);
  return path.startsWith(root + sep) ? path : undefined;
}

async function fileStats(path: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}

export class DashboardFiles {
  /** The directory served (absolute). */
  readonly directory: string;

  constructor(directory: string) {
    this.directory = resolve(directory);
  }

  /** `index.html`, the page of every dashboard route; `undefined` when the build is gone. */
  index(): Promise<DashboardFile | undefined> {
    return this.read(join(this.directory, "index.html"), undefined);
  }

  /** A file below the directory (`assets/app-1a2b.js`, `favicon.svg`), compressed when `acceptEncoding` allows. */
  file(relative: string, acceptEncoding: string | undefined): Promise<DashboardFile | undefined> {
    const path = containedPath(this.directory, relative);
    return path ? this.read(path, acceptEncoding) : Promise.resolve(undefined);
  }

  private async read(path: string, acceptEncoding: string | undefined): Promise<DashboardFile | undefined> {
    const original = await fileStats(path);
    if (!original) return undefined;
    const contentType = CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
    const accepted = acceptedEncodings(acceptEncoding);
    let chosen: { coding: Coding; path: string; stats: Stats } | undefined;
    for (const { coding, suffix } of ENCODINGS) {
      if (accepted[coding] <= 0 || (chosen && accepted[chosen.coding] >= accepted[coding])) continue;
      const stats = await fileStats(path + suffix);
      if (stats) chosen = { coding, path: path + suffix, stats };
    }
    const sent = chosen ?? { coding: undefined, path, stats: original };
    try {
      return {
        body: await readFile(sent.path),
        contentType,
        encoding: sent.coding,
        etag: `"${sent.stats.size.toString(16)}-${Math.floor(sent.stats.mtimeMs).toString(16)}${sent.coding ? `-${sent.coding}` : ""}"`,
      };
    } catch {
      // removed between stat and read (a rebuild): as if it never was
      return undefined;
    }
  }
}

/** Where the dashboard is found, and how. */
export type DashboardLocation =
  | { directory: string; source: "option" | "REHEARSE_DASHBOARD_DIR" | "@rehearse/dashboard" }
  | { directory: undefined; reason: string };

/**
 * The dashboard to serve: `option` (a directory, or `false` for none), else
 * `REHEARSE_DASHBOARD_DIR` (a directory, or `off`), else the installed
 * `@rehearse/dashboard` package's `dist/` when it holds an `index.html`. A
 * directory named explicitly must hold an `index.html` (a configuration
 * error otherwise); a package without a build is no dashboard.
 */
export function locateDashboard(
  option: string | false | undefined,
  environment: Readonly<Record<string, string | undefined>>,
  resolvePackage: () => string = () => createRequire(import.meta.url).resolve("@rehearse/dashboard/package.json"),
): DashboardLocation {
  if (option === false) return { directory: undefined, reason: "the dashboardDir option is false" };
  const variable = environment.REHEARSE_DASHBOARD_DIR?.trim();
  if (option === undefined && variable === "off") return { directory: undefined, reason: "REHEARSE_DASHBOARD_DIR is off" };
  const named = option ?? (variable || undefined);
  if (named !== undefined) {
    const directory = resolve(named);
    const source = option === undefined ? "REHEARSE_DASHBOARD_DIR" : "option";
    if (!existsSync(join(directory, "index.html")))
      throw Object.assign(
        new Error(`${source === "option" ? "dashboardDir" : source}: ${directory} has no index.html (build the dashboard first)`),
        { code: "REHEARSE_CONFIG" },
      );
    return { directory, source };
  }
  let manifest: string;
  try {
    manifest = resolvePackage();
  } catch {
    return { directory: undefined, reason: "@rehearse/dashboard is not installed" };
  }
  const directory = join(dirname(manifest), "dist");
  return existsSync(join(directory, "index.html"))
    ? { directory, source: "@rehearse/dashboard" }
    : { directory: undefined, reason: `@rehearse/dashboard is not built (no ${join(directory, "index.html")})` };
}
