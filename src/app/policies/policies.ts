import { parse as parseYaml } from 'yaml';
import { AppError } from '../../errors.ts';
import { decideLeaseRequest, PolicyDocumentSchema, DEFAULT_POLICY, type DecisionInput, type PolicyDocument } from '../../domain/policy.ts';
import type { PolicyVersion } from '../../db/repositories/allocation.repository.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';

/** Parses a policy from JSON or YAML text and validates it; every problem names its path. */
export function parsePolicyText(text: string): PolicyDocument {
  let raw: unknown;
  try {
    raw = text.trim().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', { message: `The policy is not valid JSON or YAML: ${(error as Error).message}`, details: [{ path: 'document', message: 'does not parse' }] });
  }
  const result = PolicyDocumentSchema.safeParse(raw ?? {});
  if (!result.success) {
    const details = result.error.issues.map((i) => ({ path: ['document', ...i.path.map(String)].join('.'), message: i.message }));
    throw new AppError('VALIDATION_FAILED', { message: `The policy is invalid: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details });
  }
  return result.data;
}

export async function getActivePolicy(ctx: AppContext, orgId: string): Promise<{ version: number; document: PolicyDocument; createdAt: Date | null }> {
  const active = await ctx.repos.allocation.findActivePolicy(orgId);
  return active ? { version: active.version, document: PolicyDocumentSchema.parse(active.document), createdAt: active.createdAt } : { version: 0, document: DEFAULT_POLICY, createdAt: null };
}

/** Saves a new policy version (the newest version is the one in force), with an audit event. */
export async function savePolicy(ctx: AppContext, actor: Actor, input: { text: string; note?: string | null }): Promise<PolicyVersion> {
  const document = parsePolicyText(input.text);
  return ctx.transaction(async (repos) => {
    const before = await repos.allocation.findActivePolicy(actor.orgId);
    const saved = await repos.allocation.insertPolicy(actor.orgId, { document, source: input.text, createdBy: actor.kind === 'person' ? actor.personId : null, note: input.note ?? null });
    await repos.audit.append({ orgId: actor.orgId, actor: auditActorOf(actor), action: 'policy.saved', entityType: 'policy', entityId: String(saved.version), before: before?.document ?? null, after: document, reason: input.note ?? null });
    return saved;
  });
}

export type DryRunChange = Readonly<{ leaseId: string; personName: string; requestedAt: Date; recordedRule: string; recordedOutcome: string; newRule: string; newOutcome: string }>;

/**
 * Replays every past automatic decision (the first one the engine made for each request, with the
 * inputs recorded in the audit log) under a candidate policy, and lists the requests it would have
 * decided differently. Nothing is written.
 */
export async function dryRunPolicy(ctx: AppContext, orgId: string, text: string): Promise<{ examined: number; changes: DryRunChange[] }> {
  const candidate = parsePolicyText(text);
  const decisions = await ctx.repos.audit.listFirstEngineDecisions(orgId);
  const leases = new Map((await ctx.repos.leases.listAll(orgId, {})).map((l) => [l.id, l]));
  const changes: DryRunChange[] = [];
  for (const d of decisions) {
    const recorded = d.after as { rule: string; inputs: DecisionInput };
    const replay = decideLeaseRequest(candidate, recorded.inputs);
    if (outcomeOf(replay.rule) !== outcomeOf(recorded.rule)) {
      const lease = leases.get(d.entityId);
      changes.push({ leaseId: d.entityId, personName: lease?.personName ?? '', requestedAt: lease?.requestedAt ?? d.occurredAt, recordedRule: recorded.rule, recordedOutcome: outcomeOf(recorded.rule), newRule: replay.rule, newOutcome: outcomeOf(replay.rule) });
    }
  }
  return { examined: decisions.length, changes };
}

/** Groups a decision rule into what happened: approve, queue, waitlist or deny. */
function outcomeOf(rule: string): string {
  const r = rule.replace(/^waitlist\./, '');
  if (r.startsWith('auto_approve') || r.startsWith('approval.') || r === 'capacity.reclaim') return 'approve';
  if (r.startsWith('lead_approval') || r === 'budget.owner_approval') return r === 'budget.owner_approval' ? 'queue_for_owner' : 'queue_for_lead';
  if (r.startsWith('capacity.')) return 'waitlist';
  return 'deny';
}
