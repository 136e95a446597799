/**
 * Where the server may send requests a tenant configured (notification
 * webhooks): http(s) URLs whose host resolves to public addresses only, so a
 * webhook cannot reach the server's own loopback, the private network it runs
 * in, or a cloud metadata endpoint (SSRF). The check runs when a channel is
 * made and again, on the address actually connected to, at every delivery
 * (`guardedLookup`): a host that resolves to a public address at creation and
 * to 127.0.0.1 later (DNS rebinding) is refused then. `allowPrivate` (the
 * operator's `REHEARSE_ALLOW_PRIVATE_WEBHOOKS=1`) lifts the address check,
 * never the scheme check.
 */
import { lookup as systemLookup } from "node:dns";
import { isIP, type LookupFunction } from "node:net";

/** Resolves a host name to all its addresses. */
export type Resolve = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

/** The operating system's resolver (`getaddrinfo`, so `/etc/hosts` counts), every address. */
export const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    systemLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

export interface OutboundPolicy {
  /** Allow loopback, private and other non-public addresses. */
  allowPrivate: boolean;
  /** Default: the system resolver. */
  resolve?: Resolve;
}

/** A URL or address the policy refuses; the message says why, naming the host and address, never the path. */
export class OutboundRefusedError extends Error {
  readonly code = "outbound_refused";
}

interface Range {
  base: bigint;
  bits: number;
  reason: string;
}

const v4 = (cidr: string, reason: string): Range => {
  const [address, bits] = cidr.split("/") as [string, string];
  return { base: parseV4(address) as bigint, bits: Number(bits), reason };
};
const v6 = (cidr: string, reason: string): Range => {
  const [address, bits] = cidr.split("/") as [string, string];
  return { base: parseV6(address) as bigint, bits: Number(bits), reason };
};

function parseV4(address: string): bigint | undefined {
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => (value << 8n) | BigInt(part), 0n);
}

function parseV6(address: string): bigint | undefined {
  let text = address.replace(/%.*$/, "");
  // a dotted IPv4 tail (::ffff:127.0.0.1) becomes two groups
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const tail = parseV4(dotted[1]);
    if (tail === undefined) return undefined;
    text = `${text.slice(0, -dotted[1].length)}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined) => (half ? half.split(":") : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill("0"), ...tail];
  if (all.some((group) => !/^[0-9a-f]{1,4}$/i.test(group))) return undefined;
  return all.reduce((value, group) => (value << 16n) | BigInt(`0x${group}`), 0n);
}

const IPV4_RANGES: readonly Range[] = [
  v4("0.0.0.0/8", "this network"),
  v4("10.0.0.0/8", "private"),
  v4("100.64.0.0/10", "carrier-grade NAT"),
  v4("127.0.0.0/8", "loopback"),
  v4("169.254.0.0/16", "link-local"),
  v4("172.16.0.0/12", "private"),
  v4("192.0.0.0/24", "IETF protocol assignment"),
  v4("192.0.2.0/24", "documentation"),
  v4("192.88.99.0/24", "6to4 relay"),
  v4("192.168.0.0/16", "private"),
  v4("198.18.0.0/15", "benchmarking"),
  v4("198.51.100.0/24", "documentation"),
  v4("203.0.113.0/24", "documentation"),
  v4("224.0.0.0/4", "multicast"),
  v4("240.0.0.0/4", "reserved"),
];

// inside 2000::/3 (global unicast), the blocks that are not public destinations
const IPV6_GLOBAL_EXCEPTIONS: readonly Range[] = [
  v6("2001::/32", "Teredo"),
  v6("2001:2::/48", "benchmarking"),
  v6("2001:10::/28", "ORCHID"),
  v6("2001:20::/28", "ORCHID"),
  v6("2001:db8::/32", "documentation"),
  v6("2002::/16", "6to4"),
  v6("3fff::/20", "documentation"),
];

// outside 2000::/3, named for the message; anything else there is "reserved"
const IPV6_NAMED: readonly Range[] = [
  v6("::/128", "unspecified"),
  v6("::1/128", "loopback"),
  v6("fc00::/7", "unique local"),
  v6("fe80::/10", "link-local"),
  v6("fec0::/10", "site-local"),
  v6("ff00::/8", "multicast"),
  v6("100::/64", "discard"),
];

const inRange = (value: bigint, width: number, range: Range) => {
  const shift = BigInt(width - range.bits);
  return value >> shift === range.base >> shift;
};

const MAPPED = v6("::ffff:0:0/96", "IPv4-mapped");
const NAT64 = v6("64:ff9b::/96", "NAT64");
const GLOBAL_UNICAST = v6("2000::/3", "global unicast");

/**
 * Why `address` (an IP address) is not a public destination, or `undefined`
 * when it is. IPv4 embedded in IPv6 (mapped `::ffff:a.b.c.d`, NAT64
 * `64:ff9b::/96`) is judged as the IPv4 address it carries.
 */
export function refusedAddressReason(address: string): string | undefined {
  const family = isIP(address.replace(/%.*$/, ""));
  if (family === 4) {
    const value = parseV4(address) as bigint;
    return IPV4_RANGES.find((range) => inRange(value, 32, range))?.reason;
  }
  const value = family === 6 ? parseV6(address) : undefined;
  if (value === undefined) return "not an IP address";
  if (inRange(value, 128, MAPPED) || inRange(value, 128, NAT64)) {
    const embedded = value & 0xffff_ffffn;
    return IPV4_RANGES.find((range) => inRange(embedded, 32, range))?.reason;
  }
  if (inRange(value, 128, GLOBAL_UNICAST)) return IPV6_GLOBAL_EXCEPTIONS.find((range) => inRange(value, 128, range))?.reason;
  return IPV6_NAMED.find((range) => inRange(value, 128, range))?.reason ?? "reserved";
}

/** Whether `address` is a public destination. */
export function isPublicAddress(address: string): boolean {
  return refusedAddressReason(address) === undefined;
}

const article = (reason: string) => (/^[aeiou]/i.test(reason) ? "an" : "a");

/** The error for `host` resolving to a refused `address`. */
function refusal(host: string, address: string, reason: string): OutboundRefusedError {
  const where = host === address ? address : `${host} resolves to ${address}`;
  return new OutboundRefusedError(
    `${where}, ${article(reason)} ${reason} address; webhooks go only to public addresses unless the server allows private ones`,
  );
}

/** Throws when any of `addresses` of `host` is refused by `policy`. */
function checkAddresses(host: string, addresses: ReadonlyArray<{ address: string }>, policy: OutboundPolicy): void {
  if (policy.allowPrivate) return;
  for (const { address } of addresses) {
    const reason = refusedAddressReason(address);
    if (reason) throw refusal(host, address, reason);
  }
}

/** The bare host of a URL (IPv6 literals without brackets). */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * `text` parsed as an http(s) URL whose host resolves, under `policy`, to
 * allowed addresses only; else an `OutboundRefusedError` saying why.
 */
export async function checkOutboundUrl(text: string, policy: OutboundPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundRefusedError("not an absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new OutboundRefusedError(`the scheme must be http or https, not ${url.protocol.replace(/:$/, "")}`);
  if (policy.allowPrivate) return url;
  const host = bareHost(url);
  if (isIP(host)) {
    checkAddresses(host, [{ address: host }], policy);
    return url;
  }
  let addresses: Array<{ address: string }>;
  try {
    addresses = await (policy.resolve ?? systemResolve)(host);
  } catch (error) {
    throw new OutboundRefusedError(`${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? "lookup failed"})`);
  }
  if (addresses.length === 0) throw new OutboundRefusedError(`${host} does not resolve (no addresses)`);
  checkAddresses(host, addresses, policy);
  return url;
}

/**
 * A `lookup` for `http.request` that resolves with `policy.resolve` and
 * fails the connection when an address is refused: the check applies to the
 * addresses the socket connects to, so a host cannot rebind between the
 * check and the connection.
 */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  const resolve = policy.resolve ?? systemResolve;
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((found) => {
        const family = typeof options === "object" ? options.family : options;
        const addresses = family === 4 || family === 6 ? found.filter((entry) => entry.family === family) : found;
        if (addresses.length === 0)
          throw Object.assign(new Error(`${hostname} has no address of family ${family}`), { code: "ENOTFOUND" });
        checkAddresses(hostname, addresses, policy);
        const first = addresses[0] as { address: string; family: number };
        if (typeof options === "object" && options.all)
          (callback as (error: null, all: typeof addresses) => void)(null, addresses);
        else callback(null, first.address, first.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, "", 0));
  };
}
