import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.js";
import { createProviderHealth } from "./provider-health.js";

describe("CircuitBreaker", () => {
  const settings = { failureThreshold: 3, cooldownMs: 1_000 };

  it("opens after K consecutive failures, lets one probe through after the cool-down, and closes on its success", () => {
    const circuit = new CircuitBreaker(settings);
    expect(circuit.failed(circuit.admit(0), 0)).toBe(false);
    expect(circuit.failed(circuit.admit(0), 0)).toBe(false);
    expect(circuit.failed(circuit.admit(0), 10)).toBe(true);
    expect(circuit.state).toBe("open");
    expect(circuit.admit(500)).toBe("open");
    expect(circuit.remainingMs(500)).toBe(510);
    expect(circuit.admit(1_010)).toBe("probe");
    expect(circuit.state).toBe("half-open");
    // while the probe is out, others still skip the provider
    expect(circuit.admit(1_020)).toBe("open");
    circuit.succeeded();
    expect(circuit.state).toBe("closed");
    expect(circuit.admit(1_030)).toBe("closed");
  });

  it("opens again for a fresh cool-down when the probe fails", () => {
    const circuit = new CircuitBreaker(settings);
    for (let failure = 0; failure < 3; failure++) circuit.failed(circuit.admit(0), 0);
    const probe = circuit.admit(1_000);
    expect(circuit.failed(probe, 1_200)).toBe(true);
    expect(circuit.admit(2_100)).toBe("open");
    expect(circuit.admit(2_200)).toBe("probe");
  });

  it("counts consecutive failures only: a success starts the count again", () => {
    const circuit = new CircuitBreaker(settings);
    circuit.failed(circuit.admit(0), 0);
    circuit.failed(circuit.admit(0), 0);
    circuit.succeeded();
    circuit.failed(circuit.admit(0), 0);
    circuit.failed(circuit.admit(0), 0);
    expect(circuit.state).toBe("closed");
  });

  it("frees the probe when it ends in a way that says nothing (a 400)", () => {
    const circuit = new CircuitBreaker(settings);
    for (let failure = 0; failure < 3; failure++) circuit.failed(circuit.admit(0), 0);
    circuit.released(circuit.admit(1_000));
    expect(circuit.admit(1_001)).toBe("probe");
  });

  it("is kept per provider in a ProviderHealth, which makes each with the settings of its first use", () => {
    const health = createProviderHealth();
    for (let failure = 0; failure < 3; failure++) health.circuit("openai", settings).failed("closed", 0);
    expect(health.circuit("openai", { failureThreshold: 99, cooldownMs: 5 }).state).toBe("open");
    expect(health.circuit("anthropic", settings).state).toBe("closed");
    expect(createProviderHealth().circuit("openai", settings).state).toBe("closed");
  });
});
