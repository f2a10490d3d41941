/**
 * Database errors for people: Prisma's messages span many lines (the call site, the query, the
 * driver's error); a CLI line or a job's error needs the one line that says what went wrong.
 */

/**
 * One line saying why a database operation failed: the driver's own message when Prisma carries one
 * (e.g. a constraint, a timeout, a lost connection), otherwise the last non-empty line of the message.
 */
export function describeDbError(err: unknown): string {
  if (!(err instanceof Error)) return String(err).split('\n')[0]!.trim();
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { originalMessage?: string; message?: string } } } }).meta
    ?.driverAdapterError?.cause;
  const driver = cause?.originalMessage ?? cause?.message;
  if (driver) return driver.split('\n')[0]!.trim();
  const lines = err.message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? err.name;
}
