/**
 * A real OpenID Connect provider (`oidc-provider`) on 127.0.0.1 for the
 * single sign-on tests: one confidential client with PKCE required, accounts
 * with email, tenant and group claims, and a sign-in page a test "submits"
 * by posting the account id to `/interaction/<uid>/login` (no password,
 * consent given with the login).
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  tenant?: string;
  groups?: string[];
}

export interface TestProviderOptions {
  /** The client's registered callback (Rehearse's `redirectUri`). */
  redirectUri: string;
  clientId: string;
  clientSecret: string;
  accounts: Record<string, TestAccount>;
  /** The ID token's lifetime in seconds (default an hour). */
  idTokenTtlSeconds?: number;
  /** Holds each token endpoint answer this long (to let a short-lived ID token expire on its way). */
  tokenDelayMs?: number;
  /** The issuer the provider names in its metadata and tokens, when not its own address (`{port}` is replaced). */
  issuer?: string;
}

export interface TestProvider {
  /** The provider's issuer identifier. */
  issuer: string;
  /** The address it listens on (`http://127.0.0.1:<port>`), which differs from `issuer` when one was given. */
  url: string;
  close(): Promise<void>;
}

/** One RSA signing key for every provider of a test run (generating one takes a moment). */
let signingKey: Record<string, unknown> | undefined;
function jwks(): { keys: Array<Record<string, unknown>> } {
  signingKey ??= {
    ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
    kid: "test-signing-key",
    alg: "RS256",
    use: "sig",
  };
  return { keys: [signingKey] };
}

async function formField(request: IncomingMessage, name: string): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8")).get(name) ?? undefined;
}

export async function startProvider(options: TestProviderOptions): Promise<TestProvider> {
  let provider: Provider | undefined;
  const server = createServer((request, response) => {
    void (async () => {
      if (!provider) throw new Error("the provider is not ready");
      const login = /^\/interaction\/[^/]+\/login$/.test(request.url ?? "") && request.method === "POST";
      if (!login) return provider.callback()(request, response);
      const accountId = await formField(request, "account");
      if (!accountId || !(accountId in options.accounts)) {
        response.writeHead(400).end("no such account");
        return;
      }
      const details = await provider.interactionDetails(request, response);
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        request,
        response,
        { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = options.issuer?.replace("{port}", String((server.address() as AddressInfo).port)) ?? url;

  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    pkce: { required: () => true, methods: ["S256"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ["oidc-provider test cookie key"] },
    jwks: jwks() as Configuration["jwks"],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      rehearse: ["tenant", "groups"],
    },
    findAccount: (_context, id) => {
      const account = options.accounts[id];
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
    },
    ttl: {
      IdToken: options.idTokenTtlSeconds ?? 3600,
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      Interaction: 600,
      Session: 3600,
    },
  };
  provider = new Provider(issuer, configuration);
  const delay = options.tokenDelayMs;
  if (delay) {
    provider.use(async (context, next) => {
      await next();
      if (context.path === "/token") await new Promise((resume) => setTimeout(resume, delay));
    });
  }
  return {
    issuer,
    url,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}
