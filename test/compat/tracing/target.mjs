// Loaded with `node --import ./target.mjs <script>`: points `@langwatch/scenario`
// at the implementation COMPAT_TARGET names ("rehearse": the built
// packages/core; "reference": the installed @langwatch/scenario 0.5.3) and
// installs a network guard before anything else loads.
import dns from "node:dns";
import { register } from "node:module";
import net from "node:net";

const entries = {
  rehearse: new URL("../../../packages/core/dist/index.js", import.meta.url).href,
  reference: new URL("../reference/node_modules/@langwatch/scenario/dist/index.mjs", import.meta.url).href,
};
const entry = entries[process.env.COMPAT_TARGET ?? ""];
if (!entry) throw new Error(`COMPAT_TARGET must be "rehearse" or "reference", not ${process.env.COMPAT_TARGET}`);
register(new URL("./target-hooks.mjs", import.meta.url), { data: { entry, scripts: new URL("./", import.meta.url).href } });

// Nothing may leave the machine: connections to other hosts, DNS lookups and
// fetches of remote URLs are recorded and refused; loopback goes through (a
// script's own OTLP sink). `remoteAttempts()` in support.mjs reads the record.
const attempts = [];
globalThis[Symbol.for("rehearse.compat.tracing.remote")] = attempts;
const loopback = (host) => ["localhost", "127.0.0.1", "::1", "[::1]"].includes(host);

const fetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (loopback(url.hostname)) return fetch(input, init);
  attempts.push(`fetch ${url.href}`);
  return Promise.reject(new TypeError(`tracing script: network is off (fetch ${url.href})`));
};

const lookup = dns.lookup;
dns.lookup = (hostname, ...rest) => {
  if (!loopback(hostname)) attempts.push(`dns ${hostname}`);
  return lookup(hostname, ...rest);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === "object" && first !== null ? first : {};
  const host = options.path ? "localhost" : (options.host ?? (typeof args[1] === "string" ? args[1] : "localhost"));
  if (loopback(host)) return connect.apply(this, args);
  attempts.push(`connect ${host}:${options.port ?? first}`);
  process.nextTick(() => this.destroy(new Error(`tracing script: network is off (connect ${host})`)));
  return this;
};
