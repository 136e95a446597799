/**
 * Reads a request body that may be gzip-encoded (`Content-Encoding: gzip`,
 * as OTLP exporters send with compression on), bounded twice: the bytes on
 * the wire and the bytes after inflating, so a small bomb cannot grow past
 * the limit. Each failure is its own 4xx problem: 413 past the limit, 415
 * for another encoding, 400 for a broken gzip stream.
 */
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { Context } from "hono";
import { problem } from "./problem.js";
import { readBounded } from "./read-body.js";

const inflate = promisify(gunzip);

/** The body's bytes (inflated), or the problem response to send. */
export async function readEncodedBody(
  context: Context,
  maxBytes: number,
): Promise<{ bytes: Uint8Array } | { response: Response }> {
  const encoding = (context.req.header("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    return {
      response: problem(
        context,
        415,
        "unsupported_media_type",
        `send the body as it is or gzip-encoded (got ${encoding.slice(0, 40)})`,
      ),
    };
  }
  const tooLarge = (size: string) =>
    ({
      response: problem(context, 413, "payload_too_large", `the body is ${size}; at most ${maxBytes} bytes are accepted`),
    }) as const;
  const declared = Number(context.req.header("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(`${declared} bytes`);
  const bytes = await readBounded(context.req.raw, maxBytes);
  if (bytes === undefined) return tooLarge(`over ${maxBytes} bytes`);
  if (encoding === "identity") return { bytes };
  try {
    return { bytes: await inflate(bytes, { maxOutputLength: maxBytes }) };
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
      return tooLarge(`over ${maxBytes} bytes once inflated`);
    return { response: problem(context, 400, "validation_error", "the body is not valid gzip") };
  }
}
