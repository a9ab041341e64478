import { z } from 'zod';
import type { HttpOptions } from '../../connectors/http.ts';
import { HttpError } from '../../connectors/http.ts';
import { isAppError } from '../../errors.ts';

/** Vendor connectors Seatwise can run. */
export const CONNECTOR_NAMES = ['anthropic', 'anthropic_enterprise', 'copilot'] as const;
export type ConnectorName = (typeof CONNECTOR_NAMES)[number];

/** connector_states row holding the Anthropic cost report's daily totals (no credential). */
export const ANTHROPIC_COSTS_STATE = 'anthropic_costs';

/** usage_imports sources of connector runs. */
export const IMPORT_SOURCE: Readonly<Record<ConnectorName, string>> = { anthropic: 'anthropic_admin', anthropic_enterprise: 'anthropic_enterprise', copilot: 'github_copilot' };

/**
 * What connector use cases need besides the context: the installation secret (connector credentials
 * are encrypted with a key derived from it) and, in tests, HTTP options (fake sleep, retry tuning).
 */
export type ConnectorDeps = Readonly<{ secret: string; http?: HttpOptions }>;

export const AnthropicConfigSchema = z.object({ baseUrl: z.string().nullable().default(null) });
export type AnthropicConfig = z.infer<typeof AnthropicConfigSchema>;

/** Enterprise Analytics API: base URL and whether to read the per-user cost report too. */
export const EnterpriseConfigSchema = z.object({ baseUrl: z.string().nullable().default(null), includeCosts: z.boolean().default(true) });
export type EnterpriseConfig = z.infer<typeof EnterpriseConfigSchema>;

export const CopilotConfigSchema = z.object({ org: z.string(), baseUrl: z.string().nullable().default(null) });
export type CopilotConfig = z.infer<typeof CopilotConfigSchema>;

const Day = z.iso.date();
/** Last complete UTC day synced, per report. */
export const AnthropicCursorSchema = z.object({ messages: Day.optional(), costs: Day.optional(), claudeCode: Day.optional() });
export type AnthropicCursor = z.infer<typeof AnthropicCursorSchema>;

/** Last UTC day of user activity (and cost) synced from the Enterprise Analytics API. */
export const EnterpriseCursorSchema = z.object({ users: Day.optional() });
export type EnterpriseCursor = z.infer<typeof EnterpriseCursorSchema>;

/** Daily organization cost totals kept from the cost report, by day. */
export const CostDocumentSchema = z.object({ days: z.record(z.string(), z.object({ totalUsd: z.string(), workspaces: z.record(z.string(), z.string()) })) });
export type CostDocument = z.infer<typeof CostDocumentSchema>;

/** Parses stored JSON, falling back when it is absent or from an older shape. */
export function parseStored<T extends z.ZodType>(schema: T, value: unknown, fallback: z.infer<T>): z.infer<T> {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

/**
 * A failure message safe to store and show: vendor HTTP errors and our own errors keep their text,
 * anything else is summarized; the credential is never echoed even if a vendor put it in a body.
 */
export function describeFailure(error: unknown, credential: string): string {
  const text = error instanceof HttpError || isAppError(error) || error instanceof Error ? error.message : String(error);
  return (credential ? text.split(credential).join('[redacted]') : text).slice(0, 1000);
}
