/**
 * The worker fixture behind the checks' `api`: one request context per worker rather than Playwright's per-test
 * `request`. The bench's padded floor (bench/floor.spec.ts) uses it too, so that floor sends its requests exactly as
 * the checks do.
 */
import type { APIRequestContext, PlaywrightWorkerArgs } from '@playwright/test';

export async function workerApiContext({ playwright }: Pick<PlaywrightWorkerArgs, 'playwright'>, use: (api: APIRequestContext) => Promise<void>): Promise<void> {
  const api = await playwright.request.newContext();
  await use(api);
  await api.dispose();
}
