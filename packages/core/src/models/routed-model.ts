import type { LanguageModelV3, LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { errorMessage } from "../domain/errors.js";
import type { Admission, CircuitBreaker } from "./circuit-breaker.js";
import { ModelCallError } from "./model-call-error.js";

type GenerateResult = Awaited<ReturnType<LanguageModelV3["doGenerate"]>>;
type StreamResult = Awaited<ReturnType<LanguageModelV3["doStream"]>>;

/** One model of a fallback chain. */
export interface RouteLink {
  /** The model's key (`anthropic:claude-3-5-haiku-latest`), named in fallbacks and errors. */
  key: string;
  /** The provider endpoint whose circuit the link uses (`openai`, `azure`, `openai-compatible:<baseURL>`). */
  provider: string;
  /** The model with its own retries and usage count (a run's `RunModel`): usage names the model that answered. */
  model: LanguageModelV3;
}

/** What a routed model needs from outside. */
export interface RouteDependencies {
  /** The circuit of a provider endpoint, shared by every run of the context (`ProviderHealth`). */
  circuitOf(provider: string): CircuitBreaker;
  /** Current time in ms (real time: a provider's outage is). */
  now(): number;
  /** A link failed and the call moves to `to` (undefined: none left). */
  onFallback?(info: { from: string; to: string | undefined; reason: string }): void;
  /** A provider's circuit opened: its links are skipped for `cooldownMs`. */
  onCircuitOpen?(info: { provider: string; key: string }): void;
}

/**
 * A fallback chain as one model (docs/decisions/0040): each call goes to the
 * first link whose provider's circuit admits it. A link that fails with a
 * retryable error after its own retries (5xx, 429, network) or times out
 * counts against its provider's circuit and the call moves to the next link;
 * any other error (400, 401, a cassette miss, an abort) ends the call at
 * once, since another provider would not fix the request. When every link
 * failed or was skipped the call fails with a `ModelCallError` naming the
 * chain and what happened at each link. A stream falls back only while it
 * is being opened.
 *
 * @example
 * const circuitOf = (provider: string) => health.circuit(provider, defaultCircuitBreaker);
 * const model = new RoutedModel("openai:gpt-4.1-mini | anthropic:claude-3-5-haiku-latest", links, { circuitOf, now: Date.now });
 */
export class RoutedModel implements LanguageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider = "rehearse-route";

  constructor(
    /** The chain's canonical text (`a | b`). */
    readonly modelId: string,
    private readonly links: readonly [RouteLink, ...RouteLink[]],
    private readonly dependencies: RouteDependencies,
  ) {}

  get supportedUrls(): LanguageModelV3["supportedUrls"] {
    return this.links[0].model.supportedUrls;
  }

  doGenerate(params: LanguageModelV3CallOptions): Promise<GenerateResult> {
    return this.#route((model) => model.doGenerate(params), params.abortSignal);
  }

  doStream(params: LanguageModelV3CallOptions): Promise<StreamResult> {
    return this.#route((model) => model.doStream(params), params.abortSignal);
  }

  async #route<Result>(call: (model: LanguageModelV3) => PromiseLike<Result>, signal: AbortSignal | undefined): Promise<Result> {
    const { now } = this.dependencies;
    const outcomes: string[] = [];
    let attempts = 0;
    let last: ModelCallError | undefined;
    for (const [index, link] of this.links.entries()) {
      const circuit = this.dependencies.circuitOf(link.provider);
      const admission: Admission = circuit.admit(now());
      if (admission === "open") {
        outcomes.push(
          `${link.key}: skipped, ${link.provider}'s circuit is open (${Math.ceil(circuit.remainingMs(now()) / 1000)} s left)`,
        );
        continue;
      }
      try {
        const result = await call(link.model);
        circuit.succeeded();
        return result;
      } catch (error) {
        if (signal?.aborted || !fallsBack(error)) {
          circuit.released(admission);
          throw error;
        }
        if (circuit.failed(admission, now())) this.dependencies.onCircuitOpen?.({ provider: link.provider, key: link.key });
        attempts += error.attempts;
        last = error;
        outcomes.push(errorMessage(error));
        this.dependencies.onFallback?.({ from: link.key, to: this.links[index + 1]?.key, reason: errorMessage(error) });
      }
    }
    throw new ModelCallError({
      modelKey: this.modelId,
      attempts,
      isRetryable: true,
      reason: `no model of the fallback chain answered: ${outcomes.join("; ")}`,
      cause: last,
    });
  }
}

/** A failure another provider might not have: retryable after the link's own retries, or a timeout. */
function fallsBack(error: unknown): error is ModelCallError {
  return ModelCallError.isInstance(error) && (error.isRetryable || error.timedOut);
}
