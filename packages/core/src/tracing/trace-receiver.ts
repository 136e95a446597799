import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type JudgeSpanCollector, judgeSpanCollector } from "../telemetry/judge-span-collector.js";
import type { OtlpSpansResult } from "../telemetry/otlp/finished-spans.js";
import type { FinishedSpan } from "../telemetry/span-types.js";
import { installedTracing } from "../telemetry/tracing-state.js";

/** Options of `startTraceReceiver`. */
export interface TraceReceiverOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1` (the receiver has no authentication: keep it off the network). */
  host?: string;
  /** Where received spans go (default: the collector of `setupTracing`, which judges read). */
  collector?: Pick<JudgeSpanCollector, "receive"> & Partial<Pick<JudgeSpanCollector, "receiverOpened" | "receiverClosed">>;
  /**
   * How long judges wait for spans still on their way after an agent call:
   * until none arrived for `quietMs` (default 200), at most `maxMs` (default 2000).
   */
  settle?: { quietMs?: number; maxMs?: number };
}

/** A running trace receiver. */
export interface TraceReceiver {
  /** Base URL, e.g. `http://127.0.0.1:4318`, without a trailing slash. */
  readonly url: string;
  /** `url + "/v1/traces"`: the agent's `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. */
  readonly tracesUrl: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Larger exports are refused with 413 (the OTLP exporters send a batch of at most a few MiB). */
export const TRACE_RECEIVER_BODY_LIMIT = 8 * 1024 * 1024;

const TRACES_PATH = "/v1/traces";
const TOO_LARGE = `the body is over ${TRACE_RECEIVER_BODY_LIMIT / 1024 / 1024} MiB: export smaller batches`;

/**
 * Receives the spans an agent under test exports itself over OTLP/HTTP
 * (`POST /v1/traces`, JSON or protobuf — protobuf needs the optional peer
 * `protobufjs`) and hands them to the judge's span collector. With the `traceparent` that
 * HTTP agents receive from Rehearse, the agent's spans join the run's trace,
 * so `spanExists`, `spansInOrder` and the judge read what an agent in another
 * process did. A malformed body gets 400 naming the field; a body over 8 MiB
 * gets 413.
 *
 * From its start on (not only once spans have arrived, so the first run does
 * not race its agent's export) until it is closed, judges of this process wait
 * for remote spans to settle after each agent call (`settle`).
 *
 * @example
 * ```ts
 * import { setupTracing, startTraceReceiver } from "@rehearse/core";
 * setupTracing();
 * const receiver = await startTraceReceiver();
 * // start the agent with OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=receiver.tracesUrl, run scenarios, then:
 * await receiver.close();
 * ```
 */
export async function startTraceReceiver(options: TraceReceiverOptions = {}): Promise<TraceReceiver> {
  // loaded here, not with the package: most processes never receive traces
  const [{ createServer }, { otlpFinishedSpans }] = await Promise.all([
    import("node:http"),
    import("../telemetry/otlp/finished-spans.js"),
  ]);
  const read = otlpFinishedSpans;
  const collector = options.collector ?? installedTracing()?.collector ?? judgeSpanCollector;
  const settle = { quietMs: options.settle?.quietMs ?? 200, maxMs: options.settle?.maxMs ?? 2_000 };
  // nothing received yet, but judges start waiting for remote spans after each agent call
  if (collector.receiverOpened) collector.receiverOpened(settle);
  else collector.receive([], settle);

  const server = createServer((request, response) => {
    handle(request, read).then(
      (answer) => {
        if (answer.status === 200 && answer.spans.length > 0) collector.receive(answer.spans, settle);
        if (answer.status === 200 && answer.protobuf) respondProtobuf(response);
        else respond(response, answer.status, answer.status === 200 ? {} : { code: 3, message: answer.message });
      },
      (error: unknown) => respond(response, 500, { code: 13, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url,
    tracesUrl: `${url}${TRACES_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        collector.receiverClosed?.();
      }),
  };
}

/** What a request gets: its spans, or a refusal. */
type Answer =
  | { status: 200; spans: FinishedSpan[]; protobuf: boolean }
  | { status: 400 | 404 | 405 | 413 | 415; message: string };

async function handle(request: IncomingMessage, read: (body: unknown) => OtlpSpansResult): Promise<Answer> {
  const path = (request.url ?? "/").split("?")[0];
  if (path !== TRACES_PATH) return { status: 404, message: `no route ${path}: send traces to POST ${TRACES_PATH}` };
  if (request.method !== "POST") return { status: 405, message: `${request.method} ${TRACES_PATH}: only POST is accepted` };
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  const protobuf = type === "application/x-protobuf";
  if (!protobuf && type !== "application/json") {
    return {
      status: 415,
      message: `content-type ${type || "(none)"}: send OTLP/HTTP as application/json or application/x-protobuf`,
    };
  }
  const encoding = (request.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip") {
    return { status: 415, message: `content-encoding ${encoding}: send the body uncompressed or gzip-compressed` };
  }
  const declared = Number(request.headers["content-length"]);
  // a declared size past what is drained is refused unread; a smaller oversized body is drained (readLimited)
  if (declared > DRAIN_LIMIT) return { status: 413, message: TOO_LARGE };
  const raw = await readLimited(request);
  if (raw === undefined) return { status: 413, message: TOO_LARGE };
  let body: Buffer | undefined = raw;
  try {
    if (encoding === "gzip") body = await gunzipLimited(raw);
  } catch (error) {
    return { status: 400, message: `the body is not valid gzip (${(error as Error).message})` };
  }
  if (body === undefined) return { status: 413, message: TOO_LARGE };
  let decoded: unknown;
  try {
    decoded = protobuf ? await decodeProtobuf(body) : JSON.parse(body.toString("utf8"));
  } catch (error) {
    if (error instanceof MissingProtobuf) return { status: 415, message: error.message };
    return { status: 400, message: protobuf ? (error as Error).message : `the body is not JSON (${(error as Error).message})` };
  }
  const result = read(decoded);
  return "error" in result ? { status: 400, message: result.error } : { status: 200, spans: result.spans, protobuf };
}

/** How much of an oversized body is read and dropped before the answer, so its sender has finished writing when the 413 comes. */
const DRAIN_LIMIT = 8 * TRACE_RECEIVER_BODY_LIMIT;

/**
 * The body, or `undefined` when it passes the limit. An oversized body is
 * still read to its end and dropped (up to `DRAIN_LIMIT`): answering while the
 * client is still writing lets the closing connection fail its write (EPIPE)
 * before it reads the 413. Past `DRAIN_LIMIT` the answer goes out at once.
 */
function readLimited(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (!over && size > TRACE_RECEIVER_BODY_LIMIT) {
        over = true;
        chunks.length = 0;
      }
      if (!over) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) {
        request.pause();
        resolve(undefined);
      }
    });
    request.on("end", () => resolve(over ? undefined : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** The inflated body, or `undefined` when it inflates past the limit. */
async function gunzipLimited(raw: Buffer): Promise<Buffer | undefined> {
  const { gunzip } = await import("node:zlib");
  return new Promise((resolve, reject) => {
    gunzip(raw, { maxOutputLength: TRACE_RECEIVER_BODY_LIMIT }, (error, result) => {
      if (!error) resolve(result);
      else if ((error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") resolve(undefined);
      else reject(error);
    });
  });
}

class MissingProtobuf extends Error {}

/** A protobuf `ExportTraceServiceRequest` in the OTLP JSON form; `protobufjs` (an optional peer) is loaded on the first one. */
async function decodeProtobuf(body: Buffer): Promise<unknown> {
  let decoder: typeof import("../telemetry/otlp/otlp-protobuf.js");
  try {
    decoder = await import("../telemetry/otlp/otlp-protobuf.js");
  } catch (error) {
    if ((error as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw error;
    throw new MissingProtobuf(
      "OTLP protobuf needs the package protobufjs (npm install -D protobufjs@^8), or set " +
        "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=http/json in the agent's environment",
    );
  }
  return decoder.decodeTraceRequest(body);
}

/** A protobuf request's success: an empty `ExportTraceServiceResponse`. */
function respondProtobuf(response: ServerResponse): void {
  response.writeHead(200, { "content-type": "application/x-protobuf", "content-length": 0 });
  response.end();
}

/**
 * OTLP answers JSON: `{}` on success, a `google.rpc.Status` (`code`, `message`) on failure. A request
 * refused before its body was read closes the connection, so an oversized body is never read.
 */
function respond(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...(status !== 200 && status !== 400 ? { connection: "close" } : {}),
  });
  response.end(text);
}
