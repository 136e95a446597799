/** The five characters XML gives meaning to, as entities: TwiML carries URLs and numbers from options. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * TwiML that connects the call to a bidirectional Media Stream
 * (`<Connect><Stream>`): Twilio opens a WebSocket to `streamUrl` (wss://, no
 * query string: Twilio drops it; pass values as `parameters`, which come back
 * in the stream's `start.customParameters`). The call lasts as long as the socket.
 */
export function connectStreamTwiml(streamUrl: string, parameters: Record<string, string> = {}): string {
  const inner = Object.entries(parameters)
    .map(([name, value]) => `<Parameter name="${escapeXml(name)}" value="${escapeXml(value)}"/>`)
    .join("");
  const stream = inner ? `<Stream url="${escapeXml(streamUrl)}">${inner}</Stream>` : `<Stream url="${escapeXml(streamUrl)}"/>`;
  return `${DECLARATION}<Response><Connect>${stream}</Connect></Response>`;
}

/** TwiML that refuses a call without answering it (the caller hears busy; no charge for an answered call). */
export function rejectTwiml(reason: "busy" | "rejected" = "rejected"): string {
  return `${DECLARATION}<Response><Reject reason="${reason}"/></Response>`;
}

/** TwiML that hangs up at once: the answer to a request that carries no call we expect. */
export function hangupTwiml(): string {
  return `${DECLARATION}<Response><Hangup/></Response>`;
}
