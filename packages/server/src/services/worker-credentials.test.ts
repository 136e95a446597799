import { describe, expect, it } from "vitest";
import { WorkerCredentials } from "./worker-credentials.js";

describe("worker credentials", () => {
  const credentials = new WorkerCredentials(Buffer.from("a-worker-token-of-the-installation"));

  it("matches the worker token only", () => {
    expect(credentials.matches("a-worker-token-of-the-installation")).toBe(true);
    expect(credentials.matches("a-worker-token-of-the-installatioN")).toBe(false);
    expect(credentials.matches(undefined)).toBe(false);
    expect(credentials.matches("")).toBe(false);
  });

  it("derives a reporting key per tenant that names its tenant and cannot be forged", () => {
    const key = credentials.reportingKey("acme_corp");
    expect(credentials.tenantOf(key)).toBe("acme_corp");
    expect(credentials.reportingKey("acme_corp")).toBe(key);
    expect(credentials.tenantOf(credentials.reportingKey("other"))).toBe("other");
    // another tenant in the same key shape, with this key's signature
    const forged = key.replace(Buffer.from("acme_corp").toString("hex"), Buffer.from("other").toString("hex"));
    expect(credentials.tenantOf(forged)).toBeUndefined();
    const elsewhere = new WorkerCredentials(Buffer.from("another-installation's-token-0000"));
    expect(elsewhere.tenantOf(key)).toBeUndefined();
    expect(credentials.tenantOf("rh_live_something")).toBeUndefined();
  });
});
