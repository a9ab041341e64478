import type { Command } from 'commander';

/** `seatwise usage import FILE.csv`. */
export function registerUsageImportCommand(_usage: Command): void {}
