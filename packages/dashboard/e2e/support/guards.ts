/**
 * What every test checks whatever it is about: no request or WebSocket to
 * any host but the server (such requests are also blocked), no console
 * error, no uncaught page error, no server error (5xx) and no missing asset
 * (4xx outside `/api/`). Attached to every context a test opens through the
 * fixtures; the findings fail the test when it ends.
 */
import type { BrowserContext, Page } from "@playwright/test";

export class Guards {
  private readonly findings: string[] = [];
  private readonly allowedConsole: RegExp[] = [];
  private readonly allowedResponses: RegExp[] = [];

  /** `host` is the server's `host:port`. */
  constructor(private readonly host: string) {}

  /** Watches `context` (and its pages, now and later), blocking requests to other hosts. */
  async attach(context: BrowserContext): Promise<void> {
    await context.route(
      (url) => this.isExternal(url),
      (route) => route.abort("blockedbyclient"),
    );
    context.on("request", (request) => {
      if (this.isExternal(new URL(request.url()))) this.findings.push(`external request: ${request.method()} ${request.url()}`);
    });
    context.on("response", (response) => {
      const url = new URL(response.url());
      const status = response.status();
      const asset = !url.pathname.startsWith("/api/");
      if ((status >= 500 || (status >= 400 && asset)) && !this.allowedResponses.some((pattern) => pattern.test(response.url())))
        this.findings.push(`HTTP ${status} for ${response.request().method()} ${url.pathname}${url.search}`);
    });
    context.on("console", (message) => {
      if (message.type() !== "error") return;
      const text = message.text();
      // the browser's line for a failed load repeats what the response and request checks report
      if (text.startsWith("Failed to load resource")) return;
      if (this.allowedConsole.some((pattern) => pattern.test(text))) return;
      this.findings.push(`console error: ${text}${locationOf(message.location())}`);
    });
    context.on("weberror", (error) => this.findings.push(`uncaught page error: ${error.error().stack ?? error.error().message}`));
    const watchSockets = (page: Page) =>
      page.on("websocket", (socket) => {
        if (this.isExternal(new URL(socket.url()))) this.findings.push(`external WebSocket: ${socket.url()}`);
      });
    context.pages().forEach(watchSockets);
    context.on("page", watchSockets);
  }

  /** Lets console errors matching `pattern` pass (a test that provokes one on purpose). */
  allowConsoleError(pattern: RegExp): void {
    this.allowedConsole.push(pattern);
  }

  /** Lets error responses whose URL matches `pattern` pass. */
  allowResponse(pattern: RegExp): void {
    this.allowedResponses.push(pattern);
  }

  /** What went wrong so far, one line each. */
  get problems(): readonly string[] {
    return this.findings;
  }

  /** Returns the findings so far and forgets them (for a test that breaks a rule on purpose). */
  drain(): string[] {
    return this.findings.splice(0);
  }

  /** Throws listing every finding, if any. */
  check(): void {
    if (this.findings.length > 0)
      throw new Error(`the page broke a rule every test keeps:\n${this.findings.map((line) => `  - ${line}`).join("\n")}`);
  }

  private isExternal(url: URL): boolean {
    if (!["http:", "https:", "ws:", "wss:"].includes(url.protocol)) return false;
    return url.host !== this.host;
  }
}

function locationOf(location: { url: string; lineNumber: number }): string {
  return location.url ? ` (${location.url}:${location.lineNumber})` : "";
}
