import { sumUsd } from '../../connectors/anthropic/mapper.ts';
import type { ImportRun } from '../../db/repositories/connector.repository.ts';
import { addDays, toDay } from '../../domain/dates.ts';
import type { AppContext } from '../context.ts';
import {
  ANTHROPIC_COSTS_STATE,
  AnthropicConfigSchema,
  AnthropicCursorSchema,
  CONNECTOR_NAMES,
  CopilotConfigSchema,
  CostDocumentSchema,
  EnterpriseConfigSchema,
  EnterpriseCursorSchema,
  IMPORT_SOURCE,
  parseStored,
  type ConnectorName,
} from './connectors.ts';

export type ConnectorStatus = Readonly<{
  name: ConnectorName;
  isConfigured: boolean;
  baseUrl: string | null;
  /** GitHub organization (Copilot only). */
  org: string | null;
  /** Whether the per-user cost report is read too (Enterprise only). */
  includeCosts: boolean | null;
  /** Last complete day synced per report (Anthropic only). */
  cursor: Readonly<Record<string, string>> | null;
  lastRunAt: Date | null;
  lastError: string | null;
  lastImport: ImportRun | null;
  /** Organization cost from the Anthropic cost report (USD), last 30 complete days (Anthropic only). */
  costs: Readonly<{ last30DaysUsd: string; days: ReadonlyArray<{ day: string; totalUsd: string }> }> | null;
}>;

/** Each connector's configuration and last run, without credentials. */
export async function listConnectorStatus(ctx: AppContext, orgId: string): Promise<ConnectorStatus[]> {
  const states = new Map((await ctx.repos.connectors.listStates(orgId)).map((s) => [s.connector, s]));
  const imports = await ctx.repos.connectors.listImports(orgId, Object.values(IMPORT_SOURCE), 20);
  const today = toDay(ctx.now());
  return CONNECTOR_NAMES.map((name) => {
    const state = states.get(name);
    const lastImport = imports.find((i) => i.source === IMPORT_SOURCE[name]) ?? null;
    const base = { name, isConfigured: Boolean(state?.secretCiphertext), lastRunAt: state?.lastRunAt ?? null, lastError: state?.lastError ?? null, lastImport };
    if (name === 'copilot') {
      const config = parseStored(CopilotConfigSchema, state?.config, { org: '', baseUrl: null });
      return { ...base, baseUrl: config.baseUrl, org: config.org || null, includeCosts: null, cursor: null, costs: null };
    }
    if (name === 'anthropic_enterprise') {
      const config = parseStored(EnterpriseConfigSchema, state?.config, { baseUrl: null, includeCosts: true });
      const cursor = parseStored(EnterpriseCursorSchema, state?.cursor, {});
      return { ...base, baseUrl: config.baseUrl, org: null, includeCosts: config.includeCosts, cursor: state?.cursor ? { ...cursor } : null, costs: null };
    }
    const config = parseStored(AnthropicConfigSchema, state?.config, { baseUrl: null });
    const cursor = parseStored(AnthropicCursorSchema, state?.cursor, {});
    const doc = parseStored(CostDocumentSchema, states.get(ANTHROPIC_COSTS_STATE)?.cursor, { days: {} });
    const from = addDays(today, -30);
    const days = Object.entries(doc.days)
      .filter(([day]) => day >= from && day < today)
      .map(([day, c]) => ({ day, totalUsd: c.totalUsd }));
    return { ...base, baseUrl: config.baseUrl, org: null, includeCosts: null, cursor: state?.cursor ? { ...cursor } : null, costs: { last30DaysUsd: sumUsd(days.map((d) => d.totalUsd)), days } };
  });
}
