/**
 * Reads a JSON request body defensively: the content type must be JSON, the
 * size is bounded (413 past it, without reading the rest), the bytes must be
 * UTF-8 and the text JSON. Each failure is its own 4xx problem.
 */
import type { Context } from "hono";
import { problem } from "./problem.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The parsed body, or the problem response to send. */
export async function readJsonBody(context: Context, maxBytes: number): Promise<{ body: unknown } | { response: Response }> {
  const type = context.req.header("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    return {
      response: problem(
        context,
        415,
        "unsupported_media_type",
        `send application/json (got ${type ? type.slice(0, 80) : "no content type"})`,
      ),
    };
  }
  const declared = Number(context.req.header("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    return {
      response: problem(
        context,
        413,
        "payload_too_large",
        `the body is ${declared} bytes; at most ${maxBytes} are accepted (split the batch)`,
      ),
    };
  }
  const bytes = await readBounded(context.req.raw, maxBytes);
  if (bytes === undefined) {
    return { response: problem(context, 413, "payload_too_large", `the body is over ${maxBytes} bytes (split the batch)`) };
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { response: problem(context, 400, "invalid_json", "the body is not valid UTF-8") };
  }
  try {
    return { body: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof RangeError ? "it is nested too deeply" : "it does not parse";
    return { response: problem(context, 400, "invalid_json", `the body is not valid JSON: ${reason}`) };
  }
}

/** The request's bytes, or `undefined` (the rest left unread) once they pass `maxBytes`. */
export async function readBounded(request: Request, maxBytes: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
