/**
 * Sign-in: email and password (`POST /api/v1/auth/login`), and single
 * sign-on when the server has a provider configured (a plain link to
 * `/api/v1/auth/sso/login`, which comes back with the session cookie set).
 */
import { type FormEvent, useEffect, useState } from "react";
import { type ApiClient, unwrap } from "../../api/client";

export default function LoginView(props: { client: ApiClient; onSignedIn: () => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [tenant, setTenant] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState(false);

  useEffect(() => {
    document.title = "Sign in · Rehearse";
    let live = true;
    void props.client.GET("/api/v1/auth/methods").then(
      (result) => {
        if (live && result.data?.sso) setSso(true);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [props.client]);

  const returnTo = new URLSearchParams(window.location.search).get("returnTo") ?? window.location.pathname;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      unwrap(await props.client.POST("/api/v1/auth/login", { body: { email, password, ...(tenant ? { tenant } : {}) } }));
      props.onSignedIn();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <form className="login-card" onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Rehearse</h1>
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(event) => setEmail(event.target.value)} />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        <label>
          Tenant <span className="muted">(optional: when you belong to several)</span>
          <input type="text" value={tenant} onChange={(event) => setTenant(event.target.value)} />
        </label>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        {sso ? (
          <a
            className="button"
            href={`/api/v1/auth/sso/login?returnTo=${encodeURIComponent(returnTo === "/login" ? "/" : returnTo)}`}
          >
            Sign in with single sign-on
          </a>
        ) : null}
      </form>
    </main>
  );
}
