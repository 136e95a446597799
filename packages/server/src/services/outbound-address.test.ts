import { describe, expect, it } from "vitest";
import { checkOutboundUrl, OutboundRefusedError, refusedAddressReason } from "./outbound-address.js";

describe("refusedAddressReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.254", "carrier-grade NAT"],
    ["0.0.0.0", "this network"],
    ["192.0.2.7", "documentation"],
    ["198.18.0.1", "benchmarking"],
    ["224.0.0.251", "multicast"],
    ["255.255.255.255", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "link-local"],
    ["fd12:3456:789a::1", "unique local"],
    ["fc00::1", "unique local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:a00:1", "private"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["2001:db8::1", "documentation"],
    ["2002:7f00:1::1", "6to4"],
    ["2001::1", "Teredo"],
  ])("refuses %s (%s)", (address, reason) => {
    expect(refusedAddressReason(address)).toBe(reason);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
  ])("allows the public address %s", (address) => {
    expect(refusedAddressReason(address)).toBeUndefined();
  });

  it("refuses what is not an address at all", () => {
    expect(refusedAddressReason("not-an-ip")).toBe("not an IP address");
  });
});

describe("checkOutboundUrl", () => {
  const publicResolve = async () => [{ address: "93.184.216.34", family: 4 }];

  it("accepts an https URL whose host resolves to public addresses only", async () => {
    const url = await checkOutboundUrl("https://hooks.example.com/services/T1/B2/x", {
      allowPrivate: false,
      resolve: publicResolve,
    });
    expect(url.hostname).toBe("hooks.example.com");
  });

  it("refuses schemes other than http and https", async () => {
    for (const text of ["ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/", "javascript:alert(1)"])
      await expect(checkOutboundUrl(text, { allowPrivate: true, resolve: publicResolve })).rejects.toThrow(/http or https/);
    await expect(checkOutboundUrl("not a url", { allowPrivate: true, resolve: publicResolve })).rejects.toThrow(
      /not an absolute URL/,
    );
  });

  it("refuses IP literals in private ranges, whatever the spelling", async () => {
    for (const text of [
      "http://127.0.0.1:8080/hook",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://0x7f000001/hook",
      "http://2130706433/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.5/",
    ])
      await expect(checkOutboundUrl(text, { allowPrivate: false, resolve: publicResolve }), text).rejects.toBeInstanceOf(
        OutboundRefusedError,
      );
  });

  it("refuses a hostname that resolves to 127.0.0.1 (the system resolver, localhost)", async () => {
    await expect(checkOutboundUrl("http://localhost:9/hook", { allowPrivate: false })).rejects.toThrow(
      /localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
  });

  it("refuses a host when any one of its addresses is private", async () => {
    const mixed = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.8", family: 4 },
    ];
    await expect(checkOutboundUrl("https://mixed.example/", { allowPrivate: false, resolve: mixed })).rejects.toThrow(
      /10\.0\.0\.8, a private address/,
    );
  });

  it("says so when the host does not resolve", async () => {
    const missing = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(checkOutboundUrl("https://nowhere.invalid/", { allowPrivate: false, resolve: missing })).rejects.toThrow(
      /nowhere\.invalid does not resolve/,
    );
  });

  it("allows private addresses when told to (tests, private deployments)", async () => {
    const url = await checkOutboundUrl("http://127.0.0.1:8080/hook", { allowPrivate: true });
    expect(url.port).toBe("8080");
  });
});
