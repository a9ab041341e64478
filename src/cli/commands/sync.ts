import type { Command } from 'commander';

/** `seatwise sync anthropic|copilot` and connector setup. */
export function registerSyncCommands(_program: Command): void {}
