import { describe, expect, it } from "vitest";
import { SsoStateSealer } from "./sso-state.js";

describe("the sealed attempt state", () => {
  const pepper = Buffer.alloc(32, 7);
  const state = { state: "s", nonce: "n", verifier: "v".repeat(43), returnTo: "/runs", expiresAt: 2_000 };

  it("opens what it sealed until it expires", () => {
    const sealer = new SsoStateSealer(pepper);
    const sealed = sealer.seal(state);
    expect(sealer.open(sealed, 1_000)).toEqual({ ok: true, state });
    expect(sealer.open(sealed, 2_000)).toEqual({ ok: false, reason: "state_expired" });
  });

  it("refuses a changed byte, and a state sealed under another pepper", () => {
    const sealed = new SsoStateSealer(pepper).seal(state);
    const bytes = Buffer.from(sealed.slice(3), "base64url");
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    expect(new SsoStateSealer(pepper).open(`v1.${bytes.toString("base64url")}`, 1_000)).toEqual({
      ok: false,
      reason: "state_invalid",
    });
    expect(new SsoStateSealer(Buffer.alloc(32, 8)).open(sealed, 1_000)).toEqual({ ok: false, reason: "state_invalid" });
    expect(new SsoStateSealer(pepper).open("v1.", 1_000)).toMatchObject({ ok: false });
  });
});
