/**
 * People and keys for the tests, made through the server's own API: signing
 * in (`POST /api/v1/auth/login`, whose cookies become a Playwright
 * `storageState`), members (`PUT /api/v1/members`), API keys
 * (`POST /api/v1/keys`) and the data policy (`PATCH /api/v1/policy`).
 */
import type { BrowserContextOptions } from "@playwright/test";
import type { Credentials } from "./server.js";

/** Cookies (and origins) a browser context starts with: `browser.newContext({ storageState })`. */
export type StorageState = Exclude<BrowserContextOptions["storageState"], string | undefined>;

export type Role = "admin" | "operator" | "viewer";

/** A signed-in person. */
export interface Account extends Credentials {
  role: Role;
  /** A session of theirs, for `browser.newContext({ storageState })`. */
  storageState: StorageState;
}

/** A signed-in API session: the session cookie, and the CSRF token every write needs. */
export class ApiSession {
  private constructor(
    private readonly baseURL: string,
    private readonly cookies: ReadonlyMap<string, { value: string; httpOnly: boolean; expires: number }>,
    private readonly csrf: string,
  ) {}

  /**
   * Signs in with the login API; throws with the server's problem detail when refused. Plain
   * `fetch`, not Playwright's request context: this session outlives tests, whose tracing would
   * otherwise record it.
   */
  static async signIn(baseURL: string, credentials: Credentials): Promise<ApiSession> {
    const response = await fetch(`${baseURL}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: credentials.email, password: credentials.password }),
    });
    const body = (await json(response, `sign in as ${credentials.email}`)) as { csrfToken: string };
    const cookies = new Map<string, { value: string; httpOnly: boolean; expires: number }>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";").map((part) => part.trim());
      const split = pair.indexOf("=");
      const expiry = attributes.find((attribute) => /^expires=/i.test(attribute));
      // seconds since the epoch, as storageState has it; -1: a session cookie
      const expires = expiry ? Math.floor(Date.parse(expiry.slice("expires=".length)) / 1000) : -1;
      const httpOnly = attributes.some((attribute) => attribute.toLowerCase() === "httponly");
      cookies.set(pair.slice(0, split), { value: pair.slice(split + 1), httpOnly, expires });
    }
    return new ApiSession(baseURL, cookies, body.csrfToken);
  }

  /** The session's cookies, for a browser context. */
  storageState(): StorageState {
    const domain = new URL(this.baseURL).hostname;
    return {
      cookies: [...this.cookies].map(([name, cookie]) => ({
        name,
        value: cookie.value,
        domain,
        path: "/",
        expires: cookie.expires,
        httpOnly: cookie.httpOnly,
        secure: false,
        sameSite: "Lax" as const,
      })),
      origins: [],
    };
  }

  async call(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, data?: unknown): Promise<unknown> {
    const response = await fetch(this.baseURL + path, {
      method,
      headers: {
        cookie: [...this.cookies].map(([name, cookie]) => `${name}=${cookie.value}`).join("; "),
        ...(method === "GET" ? {} : { "x-csrf-token": this.csrf }),
        ...(data === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(data === undefined ? {} : { body: JSON.stringify(data) }),
    });
    return json(response, `${method} ${path}`);
  }

  /** Adds a member to the caller's tenant (or sets their role); a new one's one-time password comes back. */
  async addMember(member: { email: string; name: string; role: Role }): Promise<{ userId: string; password: string | null }> {
    return (await this.call("PUT", "/api/v1/members", member)) as { userId: string; password: string | null };
  }

  /** Makes an API key of the caller's tenant and returns its secret (shown once). */
  async createKey(options: { name: string; role?: "api" | Role; scopes?: string[] }): Promise<string> {
    const body = (await this.call("POST", "/api/v1/keys", options)) as { secret: string };
    return body.secret;
  }

  /** Changes the tenant's data policy (`storeRaw`, `retentionDays`, `redaction`, …). */
  async setPolicy(change: Record<string, unknown>): Promise<unknown> {
    return this.call("PATCH", "/api/v1/policy", change);
  }

  /** Ends the session on the server. */
  async signOut(): Promise<void> {
    await this.call("POST", "/api/v1/auth/logout");
  }
}

/** Signs `credentials` in and keeps the session's cookies. */
export async function signedIn(baseURL: string, credentials: Credentials, role: Role): Promise<Account> {
  const session = await ApiSession.signIn(baseURL, credentials);
  return { ...credentials, role, storageState: session.storageState() };
}

async function json(response: Response, what: string): Promise<unknown> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}
