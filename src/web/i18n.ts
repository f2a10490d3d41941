/**
 * Interface strings through i18next; resources are locales/<lng>/<namespace>.json.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';

/** The repository's locales/ folder. */
export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

/** Reads every locales/<lng>/<ns>.json into an i18next resource object. */
export function loadResources(dir = LOCALES_DIR): Record<string, Record<string, Record<string, unknown>>> {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  if (!existsSync(dir)) return resources;
  for (const lng of readdirSync(dir)) {
    resources[lng] = {};
    for (const file of readdirSync(path.join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng]![file.replace(/\.json$/, '')] = JSON.parse(readFileSync(path.join(dir, lng, file), 'utf8')) as Record<string, unknown>;
    }
  }
  return resources;
}

let ready: Promise<TFunction> | undefined;

/** An initialised i18next instance (created once per process). */
export function initI18n(): Promise<TFunction> {
  ready ??= (async () => {
    const instance = i18next.createInstance();
    await instance.init({
      resources: loadResources(),
      lng: 'en',
      fallbackLng: 'en',
      defaultNS: 'common',
      interpolation: { escapeValue: false },
    });
    return instance.t;
  })();
  return ready;
}
