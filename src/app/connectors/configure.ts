import { AppError } from '../../errors.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import type { AnthropicConfig, ConnectorDeps, ConnectorName, CopilotConfig, EnterpriseConfig } from './connectors.ts';
import { createSecretBox } from './secrets.ts';

function checkBaseUrl(baseUrl: string | undefined | null): string | null {
  if (!baseUrl) return null;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: 'baseUrl must be an http(s) URL', details: [{ path: 'body.baseUrl', message: 'must be an http(s) URL' }] });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('VALIDATION_FAILED', { message: 'baseUrl must be an http(s) URL', details: [{ path: 'body.baseUrl', message: 'must be an http(s) URL' }] });
  }
  return url.toString().replace(/\/+$/, '');
}

function checkCredential(value: string, path: string): string {
  const trimmed = value.trim();
  if (!trimmed || /\s/.test(trimmed) || trimmed.length > 1000) {
    throw new AppError('VALIDATION_FAILED', { message: `${path} must be a single token without spaces`, details: [{ path: `body.${path}`, message: 'must be a single token without spaces' }] });
  }
  return trimmed;
}

async function save(ctx: AppContext, actor: Actor, deps: ConnectorDeps, connector: ConnectorName, config: AnthropicConfig | EnterpriseConfig | CopilotConfig, credential: string): Promise<void> {
  const ciphertext = createSecretBox(deps.secret).encrypt(credential, { orgId: actor.orgId, connector });
  await ctx.transaction(async (repos) => {
    const before = await repos.connectors.findState(actor.orgId, connector);
    await repos.connectors.saveConfig(actor.orgId, connector, { config, secretCiphertext: ciphertext });
    // The audit trail names the change, never the credential.
    await repos.audit.append({
      orgId: actor.orgId,
      actor: auditActorOf(actor),
      action: 'connector.configured',
      entityType: 'connector',
      entityId: connector,
      before: before ? { config: before.config, hadCredential: before.secretCiphertext !== null } : null,
      after: { config, hasCredential: true },
    });
  });
}

/** Stores the Anthropic Admin API key (encrypted) and optional base URL; the sync cursor is kept. */
export async function configureAnthropic(ctx: AppContext, actor: Actor, input: { adminKey: string; baseUrl?: string | null }, deps: ConnectorDeps): Promise<void> {
  const adminKey = checkCredential(input.adminKey, 'adminKey');
  await save(ctx, actor, deps, 'anthropic', { baseUrl: checkBaseUrl(input.baseUrl) }, adminKey);
}

/**
 * Stores the Claude Enterprise Analytics API key (encrypted; scope `read:analytics`), an optional base
 * URL and whether to read the per-user cost report; the sync cursor is kept.
 */
export async function configureAnthropicEnterprise(ctx: AppContext, actor: Actor, input: { apiKey: string; baseUrl?: string | null; includeCosts?: boolean }, deps: ConnectorDeps): Promise<void> {
  const apiKey = checkCredential(input.apiKey, 'apiKey');
  await save(ctx, actor, deps, 'anthropic_enterprise', { baseUrl: checkBaseUrl(input.baseUrl), includeCosts: input.includeCosts ?? true }, apiKey);
}

/** Stores the GitHub token (encrypted), the organization whose Copilot seats to read and an optional base URL. */
export async function configureCopilot(ctx: AppContext, actor: Actor, input: { token: string; org: string; baseUrl?: string | null }, deps: ConnectorDeps): Promise<void> {
  const token = checkCredential(input.token, 'token');
  const org = input.org.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/.test(org)) {
    throw new AppError('VALIDATION_FAILED', { message: 'org must be a GitHub organization login', details: [{ path: 'body.org', message: 'must be a GitHub organization login' }] });
  }
  await save(ctx, actor, deps, 'copilot', { org, baseUrl: checkBaseUrl(input.baseUrl) }, token);
}
