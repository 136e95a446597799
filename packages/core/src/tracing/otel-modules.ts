import { createRequire } from "node:module";
import { ConfigError } from "../domain/errors.js";

/** The optional peers tracing loads; `require`d so `setupTracing()` can stay synchronous, as the reference's is. */
const load = createRequire(import.meta.url);

const INSTALL =
  "npm install @opentelemetry/api@~1.9.1 @opentelemetry/sdk-trace-base@~2.12.0 @opentelemetry/sdk-trace-node@~2.12.0 @opentelemetry/resources@~2.12.0";

/**
 * Loads an OpenTelemetry package, or throws a `ConfigError` naming what to
 * install (they are optional peers: a project that does not trace never
 * installs them).
 */
export function loadOtel<T>(name: string, why: string): T {
  try {
    return load(name) as T;
  } catch (error) {
    if ((error as { code?: string }).code !== "MODULE_NOT_FOUND") throw error;
    const install = name.startsWith("@opentelemetry/exporter") ? `npm install ${name}@~0.223.1` : INSTALL;
    throw new ConfigError(`Tracing needs ${name} (${why}), which is not installed: ${install}`, {
      source: "tracing",
    });
  }
}
