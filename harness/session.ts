/** A GraphClient outside any check (global setup and teardown, scripts): its own request context, disposed after. */
import { request } from '@playwright/test';
import type { ConformanceConfig } from './config';
import { GraphClient } from './graph';

export async function withGraphClient<T>(config: ConformanceConfig, work: (graph: GraphClient) => Promise<T>, token?: () => Promise<string>): Promise<T> {
  const api = await request.newContext();
  try {
    return await work(token ? new GraphClient(api, config, undefined, token) : new GraphClient(api, config));
  } finally {
    await api.dispose();
  }
}
