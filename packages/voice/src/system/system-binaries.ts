/**
 * The programs the offline voice pipeline runs, each with the environment
 * variable that points at another copy and the Debian packages that install
 * it. One entry per binary, so a missing binary's error can say exactly what
 * to install.
 */
export const SYSTEM_BINARIES = {
  "espeak-ng": { environmentVariable: "REHEARSE_ESPEAK", debianPackages: ["espeak-ng"] },
  pocketsphinx_continuous: {
    environmentVariable: "REHEARSE_POCKETSPHINX",
    debianPackages: ["pocketsphinx", "pocketsphinx-en-us"],
  },
  ffmpeg: { environmentVariable: "REHEARSE_FFMPEG", debianPackages: ["ffmpeg"] },
} as const satisfies Record<string, { environmentVariable: string; debianPackages: readonly string[] }>;

/** A program of {@link SYSTEM_BINARIES}. */
export type SystemBinary = keyof typeof SYSTEM_BINARIES;

/** Where a process's binary is looked up. */
export interface BinaryLookupOptions {
  /**
   * The environment read for `REHEARSE_ESPEAK`, `REHEARSE_POCKETSPHINX` and
   * `REHEARSE_FFMPEG`. Default: `process.env`. Passed in, not read from a
   * global, so tests and embedders choose the binaries per call.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The command that runs `binary`: its override variable's value when set and
 * non-empty, else the bare name (found on `PATH`).
 */
export function resolveBinary(binary: SystemBinary, options: BinaryLookupOptions = {}): string {
  const env = options.env ?? process.env;
  const override = env[SYSTEM_BINARIES[binary].environmentVariable]?.trim();
  return override ? override : binary;
}

/** What to do when `binary` is missing: the packages to install and the variable to set instead. */
export function installHint(binary: string): string {
  if (!Object.hasOwn(SYSTEM_BINARIES, binary)) return `install ${binary} or put it on PATH`;
  const known = SYSTEM_BINARIES[binary as SystemBinary];
  return (
    `install the Debian package${known.debianPackages.length > 1 ? "s" : ""} ` +
    `(apt-get install ${known.debianPackages.join(" ")}) or set ${known.environmentVariable} to its path`
  );
}
