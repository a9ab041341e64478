import type { Actor, AppContext } from '../context.ts';
import { CONNECTOR_NAMES, type ConnectorDeps, type ConnectorName } from './connectors.ts';
import { syncAnthropic, type AnthropicSyncResult } from './sync-anthropic.ts';
import { syncCopilot, type CopilotSyncResult } from './sync-copilot.ts';

export type SyncResult = AnthropicSyncResult | CopilotSyncResult;

/** Runs one connector now on behalf of `actor` (API or CLI). `from` backfills Anthropic reports. */
export async function runConnectorSync(ctx: AppContext, actor: Actor, name: ConnectorName, deps: ConnectorDeps, options: { from?: string } = {}): Promise<SyncResult> {
  const createdBy = actor.kind === 'person' ? actor.personId : null;
  if (name === 'anthropic') return syncAnthropic(ctx, { orgId: actor.orgId, createdBy, ...(options.from ? { from: options.from } : {}) }, deps);
  return syncCopilot(ctx, { orgId: actor.orgId, createdBy }, deps);
}

/**
 * The scheduled run: every configured connector (or just `only`), one after the other. A failing
 * connector does not stop the others; its result says why.
 */
export async function syncConfiguredConnectors(ctx: AppContext, orgId: string, deps: ConnectorDeps, only?: ConnectorName): Promise<SyncResult[]> {
  const states = await ctx.repos.connectors.listStates(orgId);
  const configured = CONNECTOR_NAMES.filter((name) => (!only || name === only) && states.some((s) => s.connector === name && s.secretCiphertext));
  const results: SyncResult[] = [];
  for (const name of configured) {
    results.push(name === 'anthropic' ? await syncAnthropic(ctx, { orgId, createdBy: null }, deps) : await syncCopilot(ctx, { orgId, createdBy: null }, deps));
  }
  return results;
}
