import { type RTCIceServer, RTCPeerConnection, usePCMU } from "werift";

/** Where ICE may look for a path to the peer: nothing beyond what the user configured. */
export interface IceOptions {
  /**
   * STUN/TURN servers ICE may contact. Default: none. (werift's own default
   * is a public Google STUN server, contacted even with an empty list; a
   * peer connection from here never contacts it.)
   */
  iceServers?: RTCIceServer[];
  /**
   * The local addresses offered as host candidates, e.g. `["127.0.0.1"]`.
   * Default: the machine's non-loopback IPv4 interface addresses (what werift
   * gathers). Only these are gathered: no IPv6, no link-local, no TCP.
   */
  hostAddresses?: string[];
}

/** The G.711 µ-law codec at its static RTP payload type 0 (RFC 3551): the only one this package can encode. */
export const PCMU_PAYLOAD_TYPE = 0;

/**
 * A werift peer connection that stays private: PCMU audio only, one bundled
 * transport, no default STUN server, only the host addresses asked for, and
 * remote mDNS (`.local`) candidates ignored (resolving them would send
 * multicast queries onto the LAN). Call {@link sealIce} before each
 * `setLocalDescription`, which is where werift gathers.
 */
export function createPrivatePeerConnection(options: IceOptions = {}): RTCPeerConnection {
  const hosts = options.hostAddresses;
  return new RTCPeerConnection({
    codecs: { audio: [usePCMU()], video: [] },
    iceServers: options.iceServers ?? [],
    bundlePolicy: "max-bundle",
    iceUseIpv6: false,
    iceUseTcp: false,
    iceUseLinkLocalAddress: false,
    // with explicit hosts, the interface scan is switched off and only those addresses are gathered
    ...(hosts ? { iceUseIpv4: false, iceAdditionalHostAddresses: [...hosts] } : {}),
    iceFilterCandidatePair: (pair) => !pair.remoteCandidate.host.endsWith(".local"),
  });
}

/**
 * Clears werift's built-in fallback STUN server (stun.l.google.com) from the
 * ICE transports when the user configured none: werift would otherwise ask
 * it for a server-reflexive candidate while gathering.
 */
export function sealIce(peer: RTCPeerConnection, options: IceOptions = {}): void {
  const hasStun = (options.iceServers ?? []).some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^stuns?:/i.test(url)),
  );
  if (hasStun) return;
  for (const transport of peer.iceTransports) transport.connection.stunServer = undefined;
}

/** Resolves once ICE gathering is complete (candidates are in the local description: no trickle needed). */
export async function gatheringComplete(peer: RTCPeerConnection): Promise<void> {
  if (peer.iceGatheringState === "complete") return;
  await new Promise<void>((resolve) => {
    const { unSubscribe } = peer.iceGatheringStateChange.subscribe((state) => {
      if (state !== "complete") return;
      unSubscribe();
      resolve();
    });
  });
}

/** The SDP with mDNS (`.local`) candidates removed: they are never resolved here (see `createPrivatePeerConnection`). */
export function withoutMdnsCandidates(sdp: string): string {
  return sdp
    .split(/\r?\n/)
    .filter((line) => !/^a=candidate:\S+ \d+ \S+ \d+ \S+\.local /i.test(line))
    .join("\r\n");
}
