import { readFileSync } from "node:fs";

let version: string | undefined;

/**
 * This package's version, for the `sdk` field of events. The manifest is two
 * directories up from the source (`src/delivery/`) and from the bundle
 * (`dist/chunks/`) alike; `0.0.0` when it cannot be read.
 */
export function sdkVersion(): string {
  if (version !== undefined) return version;
  try {
    version = String(
      (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown }).version,
    );
  } catch {
    version = "0.0.0";
  }
  return version;
}
