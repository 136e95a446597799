/** The API client for views (`useApi()`), so views never build their own. */
import { createContext, useContext } from "react";
import type { ApiClient } from "../api/client";

const ApiContext = createContext<ApiClient | undefined>(undefined);
export const ApiProvider = ApiContext.Provider;

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error("useApi outside ApiProvider");
  return client;
}
