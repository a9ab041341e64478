import type { Command } from 'commander';

export function registerForecastCommands(_program: Command): void {}
