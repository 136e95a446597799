import { redactUrl } from "../websocket-agent-adapter.js";

/** Trades an SDP offer for the peer's answer: WHIP over HTTP, or any signalling the user supplies. */
export type Signal = (offerSdp: string) => Promise<string>;

/** Where a WHIP session lives, once the endpoint created it. */
export interface WhipSession {
  answerSdp: string;
  /** The session URL (the `Location` header, resolved against the endpoint), which `DELETE` ends. */
  location: string | undefined;
}

/** How to reach a WHIP endpoint; the token is sent as `Authorization: Bearer` and never shown. */
export interface WhipTarget {
  adapter: string;
  url: string;
  token?: string | undefined;
  /** Seconds to wait for the endpoint's answer. */
  timeout: number;
}

/**
 * POSTs the offer (`application/sdp`) to a WHIP endpoint (RFC 9725) and
 * returns its `201 Created` answer and session URL. Any other status is an
 * error naming the status and the endpoint's reason (the URL redacted, the
 * token never included).
 */
export async function whipOffer(target: WhipTarget, offerSdp: string): Promise<WhipSession> {
  const shown = redactUrl(target.url);
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: "POST",
      headers: { "content-type": "application/sdp", ...authorization(target.token) },
      body: offerSdp,
      signal: AbortSignal.timeout(target.timeout * 1000),
    });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError" ? `no answer within ${target.timeout} s` : causeOf(error);
    throw new Error(`${target.adapter}: cannot reach the WHIP endpoint ${shown}: ${reason}`);
  }
  const body = await response.text().catch(() => "");
  if (response.status !== 201) {
    const detail = body.trim().slice(0, 200);
    throw new Error(
      `${target.adapter}: the WHIP endpoint ${shown} refused the offer (HTTP ${response.status}${detail ? `: ${redactToken(detail, target.token)}` : ""}); ` +
        "it must answer 201 Created with an SDP answer",
    );
  }
  if (!body.startsWith("v=0"))
    throw new Error(`${target.adapter}: the WHIP endpoint ${shown} answered 201 without an SDP answer`);
  const location = response.headers.get("location");
  return { answerSdp: body, location: location ? new URL(location, target.url).toString() : undefined };
}

/** Ends a WHIP session (`DELETE` on its URL); a failure is ignored, as the peer connection is closed anyway. */
export async function whipDelete(target: WhipTarget, location: string | undefined): Promise<void> {
  if (!location) return;
  await fetch(location, {
    method: "DELETE",
    headers: authorization(target.token),
    signal: AbortSignal.timeout(Math.min(target.timeout, 2) * 1000),
  })
    .then((response) => response.body?.cancel())
    .catch(() => undefined);
}

function authorization(token: string | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string } } | undefined)?.cause?.message;
  return cause ?? (error instanceof Error ? error.message : String(error));
}

/** `text` with every occurrence of the token replaced, should an endpoint echo it back. */
function redactToken(text: string, token: string | undefined): string {
  return token ? text.split(token).join("***") : text;
}
