/**
 * The application: who is signed in, the header (navigation, live status,
 * theme, account) and the view the URL names. Keyboard: `/` focuses the
 * view's search, `g h` goes home, `t` switches the theme, `?` lists keys.
 */
import { type ReactNode, Suspense, useCallback, useMemo, useState } from "react";
import { type ApiClient, ApiError, unwrap } from "../api/client";
import { useQuery, useQueryCache } from "../api/query";
import { Failure, Loading } from "../components/states";
import { useLiveStatus } from "../live/use-live";
import LoginView from "../views/login/login-view";
import { ApiProvider } from "./api-context";
import { KeyboardHelp, useShortcuts } from "./keyboard";
import { paths } from "./paths";
import { Link, useLocation, useNavigate } from "./router";
import { routeElement } from "./routes";
import { type Caller, SessionProvider, useSession } from "./session";
import { applyTheme, type Theme } from "./theme";

export function App(props: { client: ApiClient; initialTheme: Theme }) {
  const { client } = props;
  const location = useLocation();
  const cache = useQueryCache();
  const session = useQuery<Caller>("session", async () => unwrap(await client.GET("/api/v1/auth/session")));
  const [theme, setTheme] = useState<Theme>(props.initialTheme);
  const [help, setHelp] = useState(false);
  const navigate = useNavigate();

  const toggleTheme = useCallback(() => {
    setTheme((current) => {
      const next = current === "dark" ? "light" : "dark";
      applyTheme(next, document.documentElement, window.localStorage);
      return next;
    });
  }, []);
  useShortcuts({ toggleTheme, home: () => navigate(paths.home()), help: () => setHelp((open) => !open) });

  const signOut = useCallback(async () => {
    await client.POST("/api/v1/auth/logout", {});
    cache.invalidate("");
    navigate(paths.login(), { replace: true });
    window.location.reload();
  }, [client, cache, navigate]);

  const sessionValue = useMemo(() => (session.data ? { caller: session.data, signOut } : undefined), [session.data, signOut]);

  if (location.path === "/login" || (session.error instanceof ApiError && session.error.status === 401)) {
    return (
      <LoginView
        client={client}
        onSignedIn={() => {
          session.reload();
          const target = location.search.get("returnTo");
          navigate(
            target?.startsWith("/") && !target.startsWith("//")
              ? target
              : location.path === "/login"
                ? "/"
                : location.path + (location.search.size ? `?${location.search}` : ""),
            { replace: true },
          );
        }}
      />
    );
  }
  if (session.error) return <Failure error={session.error} retry={session.reload} />;
  if (!sessionValue) return <Loading what="your session" />;

  const element = routeElement(location.path);
  return (
    <ApiProvider value={client}>
      <SessionProvider value={sessionValue}>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Header theme={theme} toggleTheme={toggleTheme} openHelp={() => setHelp(true)} />
        <Suspense fallback={<Loading what="the view" />}>
          {element ?? (
            <main id="main" className="page">
              <h1>Not found</h1>
              <p>
                No page at <code>{location.path}</code>. <Link to={paths.home()}>Go to the sets</Link>.
              </p>
            </main>
          )}
        </Suspense>
        {help ? <KeyboardHelp onClose={() => setHelp(false)} /> : null}
      </SessionProvider>
    </ApiProvider>
  );
}

function Header(props: { theme: Theme; toggleTheme: () => void; openHelp: () => void }) {
  const live = useLiveStatus();
  const { caller, signOut } = useSession();
  return (
    <header className="app-header">
      <Link to={paths.home()} className="brand" aria-label="Rehearse, home">
        <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
          <rect width="32" height="32" rx="7" fill="var(--accent)" />
          <path
            d="M9 23V9h7.5a4.5 4.5 0 0 1 0 9H13l6 5"
            fill="none"
            stroke="#fff"
            strokeWidth="3"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <span>Rehearse</span>
      </Link>
      <nav aria-label="Main" className="app-nav">
        <NavLink to={paths.home()}>Sets</NavLink>
        <NavLink to={paths.workers()}>Workers</NavLink>
        <NavLink to={paths.calibration()}>Calibration</NavLink>
      </nav>
      <span className="live-status" data-live={live} title={liveTitle(live)}>
        <span className="dot" aria-hidden="true" />
        {live === "open" ? "Live" : live === "down" ? "Reconnecting" : live === "connecting" ? "Connecting" : "Idle"}
      </span>
      <button
        type="button"
        className="icon-button"
        onClick={props.toggleTheme}
        aria-label={`Switch to ${props.theme === "dark" ? "light" : "dark"} theme`}
      >
        {props.theme === "dark" ? "☀" : "☾"}
      </button>
      <button type="button" className="icon-button" onClick={props.openHelp} aria-label="Keyboard shortcuts">
        ?
      </button>
      <span className="account" title={`${caller.tenantId} · ${caller.role}`}>
        <span className="account-name">{caller.user?.email ?? caller.id}</span>
        <span className="role" data-role={caller.role}>
          {caller.role}
        </span>
      </span>
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </header>
  );
}

/** A main navigation link, marked as the current page when it is. */
function NavLink(props: { to: string; children: ReactNode }) {
  const { path } = useLocation();
  return (
    <Link to={props.to} aria-current={path === props.to ? "page" : undefined}>
      {props.children}
    </Link>
  );
}

function liveTitle(status: string): string {
  if (status === "open") return "Updates arrive as they happen";
  if (status === "down") return "The live stream dropped; polling until it is back";
  return "No live topic on this page";
}
