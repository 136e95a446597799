/** A content part of an OpenAI chat user message. */
export type ChatContentPart =
  | { type: "text"; text: string }
  | { type: "image_url"; image_url: { url: string } }
  | { type: "file"; file: { filename?: string; file_data: string } };

type Part = { type: string; [key: string]: unknown };

/**
 * A user message's parts in the OpenAI format: text as text parts, images
 * (and image files) as `image_url` with a data URL (or the URL given), other
 * files as `file` with `file_data` as a base64 data URL — what OpenAI and
 * compatible servers accept for PDFs and other documents. A file given only
 * by an http(s) URL has no inline form: it is named in a text part.
 *
 * @example
 * chatContent([{ type: "text", text: "see attached" }, { type: "file", data: bytes, mediaType: "application/pdf", filename: "a.pdf" }]);
 */
export function chatContent(parts: readonly Part[]): ChatContentPart[] {
  const content: ChatContentPart[] = [];
  for (const part of parts) {
    if (part.type === "text") content.push({ type: "text", text: String(part.text) });
    else if (part.type === "image" || part.type === "file") content.push(filePart(part));
  }
  return content;
}

/** True when the parts carry an image or a file (the message needs content parts, not a string). */
export function hasFiles(parts: readonly Part[]): boolean {
  return parts.some((part) => part.type === "image" || part.type === "file");
}

function filePart(part: Part): ChatContentPart {
  const data = part.type === "image" ? part.image : part.data;
  const mediaType =
    typeof part.mediaType === "string" ? part.mediaType : part.type === "image" ? "image/png" : "application/octet-stream";
  const url = urlOf(data);
  if (url && !url.startsWith("data:") && !mediaType.startsWith("image/")) {
    return { type: "text", text: `[file: ${mediaType} at ${url}]` };
  }
  const location = url ?? `data:${mediaType};base64,${base64Of(data)}`;
  if (mediaType.startsWith("image/")) return { type: "image_url", image_url: { url: location } };
  return {
    type: "file",
    file: { ...(typeof part.filename === "string" ? { filename: part.filename } : {}), file_data: location },
  };
}

/** The URL of a part given by URL (a URL object or an http(s)/data string), else undefined. */
function urlOf(data: unknown): string | undefined {
  if (data instanceof URL) return data.href;
  if (typeof data === "string" && /^(https?:|data:)/.test(data)) return data;
  return undefined;
}

/** Base64 of bytes (Uint8Array, Buffer, ArrayBuffer); a string is taken as base64 already (the AI SDK's convention). */
function base64Of(data: unknown): string {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return Buffer.from(new Uint8Array(data)).toString("base64");
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
  return "";
}
