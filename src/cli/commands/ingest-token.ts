import type { Command } from 'commander';

/** `seatwise ingest-token create|list|revoke` for the OpenTelemetry receiver. */
export function registerIngestTokenCommands(_program: Command): void {}
