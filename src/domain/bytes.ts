/**
 * Sizes as people read them ("12.7 MB", ru "12,7 МБ"), for upload limits and refusals.
 * public/home.js formats the same way in the browser (it cannot import this module).
 */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** `bytes` in the largest binary multiple below it (1 MB = 1024 × 1024 bytes), one decimal, in `locale`. */
export function humanBytes(bytes: number, locale: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
