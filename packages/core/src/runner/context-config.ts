import { ConfigError } from "../domain/errors.js";
import { type ConfigureOptions, configDefaults, type RehearseConfig } from "./config.js";
import { parseConfig } from "./config-schema.js";

/** Where each top-level setting came from: a file path, an env var, `configure()`. */
export type ConfigOrigins = Partial<Record<keyof RehearseConfig, string>>;

/** The config of a context's files and environment, before `configure()`. */
export interface ConfigSources {
  /** `scenario.config.*` < `rehearse.config.*` < `REHEARSE_*`, merged key by key. */
  config: RehearseConfig;
  origins: ConfigOrigins;
  /** To tell the user once: settings accepted but not applied, unknown `REHEARSE_*` variables. */
  notices: string[];
}

/** Every key `config` sets, attributed to `source`. */
export function originsOf(config: RehearseConfig, source: string): ConfigOrigins {
  return Object.fromEntries(Object.keys(config).map((key) => [key, source])) as ConfigOrigins;
}

/** A context's config with every default filled in. */
export type ResolvedConfig = RehearseConfig & typeof configDefaultsWide;
const configDefaultsWide: Required<Pick<RehearseConfig, keyof typeof configDefaults>> = configDefaults;

/**
 * The config of one Rehearse context: the sources found on disk and in the
 * environment (loaded once, on first use), under what `createRehearse({ config })`
 * and `configure()` set. Notices (settings accepted but not applied) are
 * handed to `warn` once each, when the config is next resolved.
 */
export interface ContextConfig {
  /** The merged config; cached until the next `configure()`. */
  resolve(): Promise<ResolvedConfig>;
  /** The cached merged config, when `resolve()` would return it without waiting (the per-run hot path). */
  current(): ResolvedConfig | undefined;
  /** Where each key of the last resolved config came from (file, variable or call). */
  origins(): ConfigOrigins;
  /** Validates and merges `options` (throws `ConfigError` naming `configure()`). */
  configure(options: ConfigureOptions): void;
}

export interface ContextConfigOptions {
  /** The config given to `createRehearse`, if any. */
  initial?: RehearseConfig;
  /** Loads the config files and environment (called once). */
  load: () => Promise<ConfigSources>;
  /** Shows a notice, with the config it belongs to (whose log level applies). */
  warn: (config: ResolvedConfig, notice: string) => void;
}

export function createContextConfig(options: ContextConfigOptions): ContextConfig {
  let configured: RehearseConfig = options.initial ? parseConfig(options.initial, "createRehearse({ config })") : {};
  let configuredOrigins = originsOf(configured, "createRehearse({ config })");
  let sources: Promise<ConfigSources> | undefined;
  let resolved: ResolvedConfig | undefined;
  let origins: ConfigOrigins = {};
  let sourceNoticesShown = false;
  const pendingNotices: string[] = [];

  return {
    async resolve() {
      if (resolved) return resolved;
      sources ??= options.load();
      const base = await sources;
      const config: ResolvedConfig = { ...configDefaultsWide, ...base.config, ...configured };
      // each limit on its own: `--timeout` (agent calls) keeps the file's model-call limit
      if (base.config.timeouts && configured.timeouts) config.timeouts = { ...base.config.timeouts, ...configured.timeouts };
      // `--report-to` (the endpoint) keeps REHEARSE_API_KEY and the file's outboxDir
      if (base.config.report && configured.report) config.report = { ...base.config.report, ...configured.report };
      resolved = config;
      origins = { ...base.origins, ...configuredOrigins };
      if (!sourceNoticesShown) {
        sourceNoticesShown = true;
        for (const notice of base.notices) options.warn(config, notice);
      }
      for (const notice of pendingNotices.splice(0)) options.warn(config, notice);
      return config;
    },
    current: () => resolved,
    origins: () => origins,
    configure({ audioPlayback, ...config }) {
      if (audioPlayback !== undefined && typeof audioPlayback !== "boolean") {
        throw new ConfigError(`configure(): audioPlayback: must be true or false; got ${JSON.stringify(audioPlayback)}`, {
          source: "configure()",
        });
      }
      const parsed = parseConfig(config, "configure()");
      if (audioPlayback) pendingNotices.push(audioPlaybackNotice);
      configured = {
        ...configured,
        ...parsed,
        ...(configured.timeouts && parsed.timeouts ? { timeouts: { ...configured.timeouts, ...parsed.timeouts } } : {}),
        ...(configured.report && parsed.report ? { report: { ...configured.report, ...parsed.report } } : {}),
      };
      configuredOrigins = { ...configuredOrigins, ...originsOf(parsed, "configure()") };
      resolved = undefined;
    },
  };
}

const audioPlaybackNotice =
  "configure(): audioPlayback is not applied: Rehearse does not play voice runs on the speakers; save a run's audio with result.audio.save(path)";
