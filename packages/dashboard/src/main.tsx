/**
 * Entry: the theme before the first paint, then the app with its query
 * cache, API client, live connection and URL history.
 */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createApiClient } from "./api/client";
import { QueryCache, QueryProvider } from "./api/query";
import { App } from "./app/app";
import { browserHistory, HistoryProvider } from "./app/router";
import { applyTheme, storedTheme } from "./app/theme";
import { LiveConnection } from "./live/live-connection";
import { LiveProvider } from "./live/use-live";
import "./styles/base.css";

const theme = storedTheme(window.localStorage, (query) => window.matchMedia(query));
applyTheme(theme, document.documentElement);

const cache = new QueryCache();
const history = browserHistory(window);
const client = createApiClient({ onSignedOut: () => cache.invalidate("session") });
const live = new LiveConnection((url) => new EventSource(url, { withCredentials: true }));

const root = document.getElementById("root");
if (!root) throw new Error("no #root element");
createRoot(root).render(
  <StrictMode>
    <QueryProvider value={cache}>
      <HistoryProvider value={history}>
        <LiveProvider value={live}>
          <App client={client} initialTheme={theme} />
        </LiveProvider>
      </HistoryProvider>
    </QueryProvider>
  </StrictMode>,
);
