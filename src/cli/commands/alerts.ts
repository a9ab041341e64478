import type { Command } from 'commander';

export function registerAlertCommands(_program: Command): void {}
