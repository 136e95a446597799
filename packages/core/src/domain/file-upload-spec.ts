/**
 * A file to hand to the agent (the `file_upload` injection, U-OR-10). Field
 * names follow the scenario-file vocabulary: `file_type` rather than `type`,
 * because the injection itself is `type: file_upload`.
 */
export interface FileUploadSpec {
  /** `pdf`, `png`, `jpg`, `txt`, `csv`, `docx`, `zip`, `exe`, or an alias (`jpeg`, `document`, …); case-insensitive, a leading dot is ignored. */
  readonly file_type: string;
  /** Size in MiB, as in the seed (`file_size_mb: 2`). Exclusive with `size`. */
  readonly file_size_mb?: number;
  /** Size in bytes, or a string such as `"512KB"`, `"2MB"`, `"100 B"` (binary units: 1 KB = 1024 B). Default 4 KB. */
  readonly size?: number | string;
  /** File name shown to the agent. Default `upload.<extension>`. */
  readonly filename?: string;
  /** Break the structure in the type's documented way (see `formats`). */
  readonly malformed?: boolean;
  /** Embed the EICAR anti-virus test string in the type's documented place. */
  readonly contains_malware?: boolean;
}
