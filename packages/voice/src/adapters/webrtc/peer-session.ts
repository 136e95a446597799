import type { RTCDataChannel, RTCPeerConnection, RTCRtpTransceiver } from "werift";
import {
  createPrivatePeerConnection,
  gatheringComplete,
  type IceOptions,
  sealIce,
  withoutMdnsCandidates,
} from "./private-peer-connection.js";
import type { ReceivedRtp } from "./rtp-audio-receiver.js";
import { requirePcmu } from "./sdp-audio.js";
import { type Signal, type WhipTarget, whipDelete, whipOffer } from "./whip-signaling.js";

/** How to open a peer session: signalling, ICE, and where its packets and failures go. */
export interface PeerSessionOptions extends IceOptions {
  adapter: string;
  /** The signalling target as messages show it (no credentials). */
  shown: string;
  signalingUrl?: string | undefined;
  token?: string | undefined;
  signal?: Signal | undefined;
  /** Seconds for the answer, and again for ICE and DTLS to connect. */
  connectTimeout: number;
  onRtp(packet: ReceivedRtp): void;
  /** Open the control data channel (default true; see `control-channel.ts`). */
  dataChannel?: boolean | undefined;
  /** A control message from the peer's data channel (its parsed JSON). */
  onControl?(message: Record<string, unknown>): void;
  /** The connection failed or closed without `close()` (`closing()` false): the reason. */
  onLost(reason: string): void;
  closing(): boolean;
}

/** A connected peer: its sendrecv audio transceiver, and how to end it (closing the connection, then WHIP `DELETE`). */
export interface PeerSession {
  peer: RTCPeerConnection;
  transceiver: RTCRtpTransceiver;
  /** The control channel, when asked for (it opens only if the peer accepts the data channel section). */
  channel: RTCDataChannel | undefined;
  close(): Promise<void>;
}

/**
 * Offers a sendrecv PCMU audio section with every candidate in it (gathering
 * completes first: no trickle ICE), trades it for the answer, refuses an
 * answer without PCMU, and waits until ICE and DTLS are connected. Anything
 * failing on the way closes what was opened (the WHIP session too) and
 * rejects with the reason.
 */
export async function openPeerSession(options: PeerSessionOptions): Promise<PeerSession> {
  const peer = createPrivatePeerConnection(options);
  const transceiver = peer.addTransceiver("audio", { direction: "sendrecv" });
  // every RTP packet the bundled transport decrypts is the peer's audio (the one media section); taken here, before
  // werift's routing, which drops a payload type it did not negotiate without a word: the receiver names it instead
  transceiver.sender.dtlsTransport.onRtp.subscribe((rtp) =>
    options.onRtp({ sequenceNumber: rtp.header.sequenceNumber, payloadType: rtp.header.payloadType, payload: rtp.payload }),
  );
  const channel = options.dataChannel === false ? undefined : peer.createDataChannel(CONTROL_CHANNEL_LABEL);
  channel?.onMessage.subscribe((data) => {
    const message = parseControl(data);
    if (message) options.onControl?.(message);
  });
  const target: WhipTarget = {
    adapter: options.adapter,
    url: options.signalingUrl ?? "",
    token: options.token,
    timeout: options.connectTimeout,
  };
  let location: string | undefined;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    // the control channel first (a stream reset, while DTLS still carries it): the peer learns at once that the call ended
    if (channel?.readyState === "open") {
      channel.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await peer.close().catch(() => undefined);
    await whipDelete(target, location);
  };
  try {
    const offer = await peer.createOffer();
    sealIce(peer, options);
    await peer.setLocalDescription(offer);
    await gatheringComplete(peer);
    const offerSdp = peer.localDescription?.sdp ?? "";
    let answerSdp: string;
    if (options.signal) answerSdp = await withinSeconds(options.signal(offerSdp), options, "the signal function's answer");
    else ({ answerSdp, location } = await whipOffer(target, offerSdp));
    requirePcmu(answerSdp, options.adapter);
    await peer.setRemoteDescription({ type: "answer", sdp: withoutMdnsCandidates(answerSdp) });
    await withinSeconds(connected(peer, options.adapter), options, "the peer connection (ICE and DTLS)");
    // a peer that accepted the data channel section opens it next: control messages can go from the first turn
    if (channel && /^m=application [1-9]/m.test(answerSdp))
      await withinSeconds(opened(channel), options, "open control data channel");
  } catch (error) {
    await close();
    throw error;
  }
  // a peer hanging up closes its data channels (browsers abort SCTP): seen at once, where ICE consent takes 30 s
  channel?.stateChanged.subscribe((state) => {
    if (state === "closed" && !options.closing() && !closed)
      options.onLost(`the peer closed the connection to ${options.shown} (its data channel closed)`);
  });
  peer.connectionStateChange.subscribe((state) => {
    if (options.closing() || closed) return;
    if (state === "failed" || state === "closed" || state === "disconnected")
      options.onLost(`the peer connection to ${options.shown} was lost (${state})`);
  });
  return { peer, transceiver, channel, close };
}

/** The label of the control data channel. */
export const CONTROL_CHANNEL_LABEL = "rehearse";

/** A control message's JSON object, or undefined for anything else (binary, not JSON, not an object). */
function parseControl(data: string | Buffer): Record<string, unknown> | undefined {
  if (typeof data !== "string") return undefined;
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves once the connection is `connected`; rejects when it fails first. */
function connected(peer: RTCPeerConnection, adapter: string): Promise<void> {
  if (peer.connectionState === "connected") return Promise.resolve();
  return new Promise((resolve, reject) => {
    const { unSubscribe } = peer.connectionStateChange.subscribe((state) => {
      if (state === "connected") {
        unSubscribe();
        resolve();
      } else if (state === "failed" || state === "closed") {
        unSubscribe();
        reject(
          new Error(
            `${adapter}: the peer connection ${state} before connecting (ICE found no working path, or DTLS failed): ` +
              "check the answer's candidates are reachable from here (hostAddresses, iceServers)",
          ),
        );
      }
    });
  });
}

/** Resolves once the data channel is open. */
function opened(channel: RTCDataChannel): Promise<void> {
  if (channel.readyState === "open") return Promise.resolve();
  return new Promise((resolve) => {
    const { unSubscribe } = channel.stateChanged.subscribe((state) => {
      if (state !== "open") return;
      unSubscribe();
      resolve();
    });
  });
}

/** `promise`, or a rejection naming `what` once `connectTimeout` seconds pass. */
async function withinSeconds<T>(promise: Promise<T>, options: PeerSessionOptions, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${options.adapter}: no ${what} within ${options.connectTimeout} s (${options.shown})`)),
      options.connectTimeout * 1000,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
