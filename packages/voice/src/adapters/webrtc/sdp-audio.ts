/**
 * The audio codecs an SDP's first `m=audio` section lists, as
 * "name/clockRate" keyed by payload type (static types without an `rtpmap`
 * get their RFC 3551 names), and whether that section was rejected (port 0).
 */
export function audioCodecsOf(sdp: string): { codecs: Map<number, string>; rejected: boolean } | undefined {
  const lines = sdp.split(/\r?\n/);
  const start = lines.findIndex((line) => line.startsWith("m=audio "));
  if (start < 0) return undefined;
  const [, port = "0", , ...types] = (lines[start] ?? "").slice(2).split(" ");
  const codecs = new Map<number, string>();
  for (const type of types) {
    const number = Number(type);
    if (Number.isInteger(number)) codecs.set(number, STATIC_TYPES[number] ?? `payload type ${number}`);
  }
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("m=")) break;
    const match = /^a=rtpmap:(\d+) ([^/\s]+)\/(\d+)/.exec(line);
    if (match && codecs.has(Number(match[1]))) codecs.set(Number(match[1]), `${match[2]}/${match[3]}`);
  }
  return { codecs, rejected: port === "0" };
}

/** The static audio payload types of RFC 3551 a peer may list without an rtpmap line. */
const STATIC_TYPES: Record<number, string> = { 0: "PCMU/8000", 8: "PCMA/8000", 9: "G722/8000", 13: "CN/8000" };

/**
 * Throws unless the answer accepted PCMU/8000 for audio, naming what the
 * peer offered instead: Opus (what most WebRTC peers prefer) needs a codec
 * this package does not have.
 */
export function requirePcmu(answerSdp: string, adapter: string): void {
  const audio = audioCodecsOf(answerSdp);
  if (!audio) throw new Error(`${adapter}: the peer's answer has no audio section (m=audio); it must accept PCMU/8000 audio`);
  const names = [...audio.codecs.values()];
  const pcmu = !audio.rejected && names.some((name) => name.toUpperCase() === "PCMU/8000");
  if (pcmu) return;
  const offered = audio.rejected || names.length === 0 ? "no audio codec (it rejected the audio section)" : names.join(", ");
  const opus = names.some((name) => name.toLowerCase().startsWith("opus/"))
    ? " Opus is not supported: @rehearse/voice has no Opus codec;"
    : "";
  throw new Error(
    `${adapter}: the peer answered with ${offered}, not PCMU/8000 (G.711 µ-law).${opus} enable PCMU (payload type 0) on the peer`,
  );
}
