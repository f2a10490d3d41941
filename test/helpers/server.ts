/** Test helper: an app listening on a free local port, and a browser page signed in to it. */
import type { Server } from 'node:http';
import type { Express } from 'express';
import type { Page } from 'playwright-core';

/** Starts the app on 127.0.0.1 with a free port; returns the server and its base URL. */
export async function listen(app: Express): Promise<{ server: Server; base: string }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  return { server, base: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
}

/** Signs `page` in through the login form (testApp's admin by default). */
export async function signIn(page: Page, base: string, name = 'admin', password = `${name}-password-long`): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('input[name=name]').fill(name);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form.stacked button').click();
  await page.waitForURL(`${base}/`);
}
