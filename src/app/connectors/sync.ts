import type { Actor, AppContext } from '../context.ts';
import { CONNECTOR_NAMES, type ConnectorDeps, type ConnectorName } from './connectors.ts';
import { syncAnthropicEnterprise, type EnterpriseSyncResult } from './sync-anthropic-enterprise.ts';
import { syncAnthropic, type AnthropicSyncResult } from './sync-anthropic.ts';
import { syncCopilot, type CopilotSyncResult } from './sync-copilot.ts';

export type SyncResult = AnthropicSyncResult | EnterpriseSyncResult | CopilotSyncResult;

function syncOne(ctx: AppContext, name: ConnectorName, input: { orgId: string; createdBy: string | null; from?: string }, deps: ConnectorDeps): Promise<SyncResult> {
  if (name === 'anthropic') return syncAnthropic(ctx, input, deps);
  if (name === 'anthropic_enterprise') return syncAnthropicEnterprise(ctx, input, deps);
  return syncCopilot(ctx, { orgId: input.orgId, createdBy: input.createdBy }, deps);
}

/** Runs one connector now on behalf of `actor` (API or CLI). `from` backfills the Anthropic reports. */
export async function runConnectorSync(ctx: AppContext, actor: Actor, name: ConnectorName, deps: ConnectorDeps, options: { from?: string } = {}): Promise<SyncResult> {
  const createdBy = actor.kind === 'person' ? actor.personId : null;
  return syncOne(ctx, name, { orgId: actor.orgId, createdBy, ...(options.from ? { from: options.from } : {}) }, deps);
}

/**
 * The scheduled run: every configured connector (or just `only`), one after the other. A failing
 * connector does not stop the others; its result says why.
 */
export async function syncConfiguredConnectors(ctx: AppContext, orgId: string, deps: ConnectorDeps, only?: ConnectorName): Promise<SyncResult[]> {
  const states = await ctx.repos.connectors.listStates(orgId);
  const configured = CONNECTOR_NAMES.filter((name) => (!only || name === only) && states.some((s) => s.connector === name && s.secretCiphertext));
  const results: SyncResult[] = [];
  for (const name of configured) results.push(await syncOne(ctx, name, { orgId, createdBy: null }, deps));
  return results;
}
