import type { FilePart } from "ai";
import { ConfigError } from "../domain/errors.js";
import type { FileUploadSpec } from "../domain/file-upload-spec.js";
import { eicarTestBytes } from "./eicar.js";
import { type FileType, formats } from "./file-formats.js";

export type { FileUploadSpec } from "../domain/file-upload-spec.js";

/** A synthesised upload: real bytes of the requested type and exact size. */
export interface FileUpload {
  readonly name: string;
  readonly type: FileType;
  readonly mediaType: string;
  readonly data: Uint8Array;
  /** `data.length`, in bytes. */
  readonly size: number;
  readonly malformed: boolean;
  readonly containsMalware: boolean;
  /** One sentence saying what the file is and how it was tampered with. */
  readonly description: string;
}

/** Largest upload `buildFileUpload` synthesises: 50 MiB. */
export const maxUploadBytes = 50 * 1024 * 1024;
const defaultUploadBytes = 4096;
const source = "file_upload";

const aliases: Readonly<Record<string, FileType>> = {
  jpeg: "jpg",
  document: "docx",
  doc: "docx",
  image: "png",
  text: "txt",
  spreadsheet: "csv",
  archive: "zip",
  executable: "exe",
};

const units: Readonly<Record<string, number>> = { b: 1, byte: 1, bytes: 1, k: 1024, kb: 1024, kib: 1024 };
const mebibyte = 1024 * 1024;

/**
 * Parses a size: a whole number of bytes, or a string `<number><unit>` with
 * unit B, KB/KiB/K or MB/MiB/M (binary: 1 KB = 1024 B; case-insensitive).
 * Throws `ConfigError` for anything else.
 *
 * @example
 * parseFileSize("2MB"); // 2097152
 */
export function parseFileSize(size: number | string): number {
  if (typeof size === "number") {
    if (Number.isInteger(size) && size >= 0) return size;
    throw new ConfigError(`File size must be a whole number of bytes ≥ 0, got ${size}`, { source, path: "size" });
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(size);
  const unitName = (match?.[2] || "b").toLowerCase();
  const unit = units[unitName] ?? (["m", "mb", "mib"].includes(unitName) ? mebibyte : undefined);
  if (!match || unit === undefined) {
    throw new ConfigError(`File size "${size}" is not a size such as "512KB", "2MB" or "100 B"`, { source, path: "size" });
  }
  return Math.round(Number(match[1]) * unit);
}

function resolveType(fileType: string): FileType {
  const key = fileType.trim().toLowerCase().replace(/^\./, "");
  if (key in formats) return key as FileType;
  const alias = aliases[key];
  if (alias) return alias;
  const known = Object.keys(formats).join(", ");
  const aliasList = Object.entries(aliases)
    .map(([name, type]) => `${name} → ${type}`)
    .join(", ");
  throw new ConfigError(`Unknown file_type "${fileType}". Known types: ${known} (aliases: ${aliasList})`, {
    source,
    path: "file_type",
  });
}

function requestedSize(spec: FileUploadSpec): number {
  if (spec.size !== undefined && spec.file_size_mb !== undefined) {
    throw new ConfigError("Give either size or file_size_mb, not both", { source, path: "size" });
  }
  let bytes = defaultUploadBytes;
  if (spec.size !== undefined) bytes = parseFileSize(spec.size);
  if (spec.file_size_mb !== undefined) {
    if (!Number.isFinite(spec.file_size_mb) || spec.file_size_mb < 0) {
      throw new ConfigError(`file_size_mb must be a number ≥ 0, got ${spec.file_size_mb}`, { source, path: "file_size_mb" });
    }
    bytes = Math.round(spec.file_size_mb * mebibyte);
  }
  if (bytes > maxUploadBytes) {
    throw new ConfigError(`File upload of ${bytes} bytes is over the ${maxUploadBytes}-byte (50 MB) limit`, {
      source,
      path: "size",
    });
  }
  return bytes;
}

/**
 * Synthesises an upload: valid files start with the type's real magic bytes
 * and minimal structure, padded with content drawn from `random` to exactly
 * the requested size, so the same spec and random sequence give the same
 * bytes. `malformed` and `contains_malware` change the file as documented on
 * each entry of `formats`. Throws `ConfigError` for an unknown type, a bad
 * size, or a size below the type's minimum structure.
 *
 * @example
 * const upload = buildFileUpload({ file_type: "pdf", size: "2MB", contains_malware: true }, random);
 */
export function buildFileUpload(spec: FileUploadSpec, random: () => number): FileUpload {
  const type = resolveType(spec.file_type);
  const size = requestedSize(spec);
  const format = formats[type];
  const malformed = spec.malformed === true;
  const containsMalware = spec.contains_malware === true;
  const layout = format.layout({ random, malformed, malware: containsMalware ? eicarTestBytes() : undefined });
  const minimum = layout.assemble(new Uint8Array(0)).length;
  if (size < minimum) {
    throw new ConfigError(`A ${type} upload with these options needs at least ${minimum} bytes, got ${size}`, {
      source,
      path: "size",
    });
  }
  const data = layout.assemble(layout.padding(size - minimum));
  const parts = [`${format.label} of ${formatBytes(size)}`];
  if (malformed) parts.push(`malformed: ${format.malformation}`);
  if (containsMalware) parts.push(`contains the EICAR anti-virus test string ${format.malwarePlacement}`);
  return {
    name: spec.filename ?? `upload.${type}`,
    type,
    mediaType: format.mediaType,
    data,
    size: data.length,
    malformed,
    containsMalware,
    description: parts.join("; "),
  };
}

/** An AI SDK `file` part carrying the upload, for the content of a user message. */
export function fileUploadMessagePart(upload: FileUpload): FilePart {
  return { type: "file", data: upload.data, mediaType: upload.mediaType, filename: upload.name };
}

/** One line for transcripts and reports, e.g. `[file upload] report.pdf (application/pdf, 2.0 MB): …`. */
export function describeUpload(upload: FileUpload): string {
  return `[file upload] ${upload.name} (${upload.mediaType}, ${formatBytes(upload.size)}): ${upload.description}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= mebibyte) return `${(bytes / mebibyte).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}
