/**
 * What every CLI command gets: output streams, lazily loaded configuration and database.
 */
import { InvalidArgumentError } from 'commander';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';

/** Where a command writes. */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Shared state of one CLI run. */
export interface CliContext {
  io: CliIo;
  config: () => Config;
  db: () => Promise<Db>;
  printJson: (value: unknown) => void;
  /** True when stderr is a terminal (progress bars) rather than a pipe or file (plain lines). */
  interactive: boolean;
}

/** A commander argument parser for non-negative integers, naming the argument on error. */
export function intArg(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, got "${value}"`);
    return n;
  };
}

/** Who the command line acts as: the machine's operator, with an administrator's rights (recorded as "cli"). */
export const CLI_USER = { id: 0, name: 'cli', role: 'admin' } as const;
