import { randomUUID } from 'node:crypto';
import { toDay } from '../../domain/dates.ts';
import { isUuid } from '../../domain/ids.ts';
import type { Decision } from '../../domain/policy.ts';
import type { AuditEventInput } from '../../db/repositories/audit.repository.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import type { Person } from '../../db/repositories/types.ts';
import { AppError } from '../../errors.ts';
import { getNeedScore } from '../usage/need.ts';
import { auditActorOf, type Actor, type AppContext } from '../context.ts';
import { decideBatch, type AdmissionRequest } from './admission.ts';
import { decidedByOf, decisionAuditEvent, decisionNotes, leasePriority, noticeReclaimVictims } from './apply-decision.ts';
import { loadEvaluationFacts } from './evaluate.ts';
import { writeLeaseAssignments } from './lease-assignments.ts';
import { loadPoolState, PREMIUM_LINE, type PoolState } from './pool-state.ts';
import { assertSelfOrManager } from './scope.ts';
import { offerToWaitlist } from './sweep.ts';

/** A lease request as it arrives (dates and the person named already checked for shape). */
export type LeaseSubmission = Readonly<{
  actor: Actor;
  personId: string;
  startsAt: Date;
  endsAt: Date;
  reason: string;
  project: string | null;
  deadline: string | null;
  /** When it arrived: its decision time and `requestedAt`. */
  now: Date;
}>;

/** A request whose person passed the checks under the lock (active, in a department, in the actor's scope). */
export type PendingRequest = Readonly<{
  actor: Actor;
  person: Readonly<{ id: string; name: string }>;
  reason: string;
  request: AdmissionRequest;
}>;

export type AdmissionResult = { lease: Lease; decision: Decision };
type Outcome = { ok: true; result: AdmissionResult } | { ok: false; error: unknown };
type Waiter = LeaseSubmission & { resolve: (result: AdmissionResult) => void; reject: (error: unknown) => void };

/** The most requests decided under one lock: bounds how long a batch holds it. */
export const MAX_BATCH = 200;


type OrgQueue = { waiting: Waiter[]; draining: boolean };
const queues = new WeakMap<AppContext, Map<string, OrgQueue>>();

/**
 * Batched admission (group commit). Requests of an organization queue here; one drainer per
 * organization (per process) takes every request waiting and offers freed seats to the waitlist once,
 * then decides the whole batch in ONE transaction under ONE pool lock (`admitBatch`, which looks the
 * people up once) and answers each caller. While a batch runs the next one gathers, so under
 * load the lock is taken once per batch rather than once per request; an idle service decides a lone
 * request at once. Across processes the pool lock still serializes batches.
 */
export function submitForAdmission(ctx: AppContext, submission: LeaseSubmission): Promise<AdmissionResult> {
  let byOrg = queues.get(ctx);
  if (!byOrg) queues.set(ctx, (byOrg = new Map()));
  const orgId = submission.actor.orgId;
  let queue = byOrg.get(orgId);
  if (!queue) byOrg.set(orgId, (queue = { waiting: [], draining: false }));
  const promise = new Promise<AdmissionResult>((resolve, reject) => queue.waiting.push({ ...submission, resolve, reject }));
  if (!queue.draining) void drain(ctx, orgId, queue);
  return promise;
}

async function drain(ctx: AppContext, orgId: string, queue: OrgQueue): Promise<void> {
  queue.draining = true;
  try {
    // Requests submitted in the same tick (a burst of calls) join the first batch.
    await null;
    while (queue.waiting.length > 0) await runBatch(ctx, orgId, queue.waiting.splice(0, MAX_BATCH));
  } catch (error) {
    // runBatch settles its callers and does not throw; should it ever, nobody is left waiting forever.
    for (const w of queue.waiting.splice(0)) w.reject(error);
  } finally {
    queue.draining = false;
    if (queue.waiting.length === 0) queues.get(ctx)?.delete(orgId);
  }
}

/** The person checks: active, in a department, in the requester's scope; the same errors, in the same order, as a request decided alone. */
function verifyPerson(actor: Actor, personId: string, person: Person | undefined): Person & { departmentId: string } {
  if (!person || person.status !== 'active') throw new AppError('NOT_FOUND', { message: `No active person ${personId}`, details: [{ path: 'body.personId', message: 'no such active person' }] });
  if (!person.departmentId) throw new AppError('CONFLICT', { message: `${person.name} belongs to no department; leases come from a department's quota` });
  assertSelfOrManager(actor, person.id, person.departmentId, 'request a lease for someone else');
  return person as Person & { departmentId: string };
}

/** Decides one batch and settles every caller; never throws. */
async function runBatch(ctx: AppContext, orgId: string, waiters: Waiter[]): Promise<void> {
  try {
    // Earlier waiters first: seats freed since they were waitlisted go to them before this batch is decided.
    await offerToWaitlist(ctx, orgId);
  } catch (error) {
    for (const w of waiters) w.reject(error);
    return;
  }
  let outcomes: Outcome[];
  try {
    outcomes = await ctx.transaction((repos) => admitBatch(repos, orgId, waiters));
  } catch (error) {
    if (waiters.length === 1) {
      waiters[0]!.reject(error);
      return;
    }
    // The batch failed as a whole (nothing of it was written): decide each request alone, once.
    outcomes = [];
    for (const waiter of waiters) {
      try {
        outcomes.push((await ctx.transaction((repos) => admitBatch(repos, orgId, [waiter])))[0]!);
      } catch (single) {
        outcomes.push({ ok: false, error: single });
      }
    }
  }
  outcomes.forEach((outcome, i) => (outcome.ok ? waiters[i]!.resolve(outcome.result) : waiters[i]!.reject(outcome.error)));
}

/**
 * Decides the batch inside the caller's transaction: takes the pool lock and loads the pool state once
 * (for all the requests' windows), looks the people up once, locked against changes until commit, and
 * checks each (active, in a department, in the requester's scope: the same errors, in the same order,
 * as a request decided alone), loads the people's leases and premium history and the facts once,
 * decides in arrival order (`decideBatch`), then writes every lease, notification and audit event with
 * multi-row inserts. A request refused for its person gets the same CONFLICT as when decided alone.
 */
export async function admitBatch(repos: Repositories, orgId: string, submissions: readonly LeaseSubmission[]): Promise<Outcome[]> {
  if (submissions.length === 0) return [];
  const state = await loadPoolState(repos, orgId, submissions.map((s) => ({ from: s.startsAt, to: s.endsAt })));
  // An id that is no UUID names nobody (and must not fail the lookup for the whole batch).
  const ids = [...new Set(submissions.map((s) => s.personId))].filter((id) => isUuid(id));
  const people = new Map((await repos.people.findManyByIds(orgId, ids, { forShare: true })).map((p) => [p.id, p]));
  const early: Array<Outcome | undefined> = [];
  const admitted: PendingRequest[] = [];
  for (const submission of submissions) {
    try {
      admitted.push(pendingRequest(submission, verifyPerson(submission.actor, submission.personId, people.get(submission.personId))));
      early.push(undefined);
    } catch (error) {
      early.push({ ok: false, error });
    }
  }
  const decided = await decideAdmitted(repos, orgId, state, admitted);
  return early.map((outcome) => outcome ?? decided.shift()!);
}

function pendingRequest(submission: LeaseSubmission, person: Person & { departmentId: string }): PendingRequest {
  return {
    actor: submission.actor,
    person: { id: person.id, name: person.name },
    reason: submission.reason,
    request: { leaseId: randomUUID(), orgId: submission.actor.orgId, personId: person.id, departmentId: person.departmentId, startsAt: submission.startsAt, endsAt: submission.endsAt, deadline: submission.deadline, project: submission.project, now: submission.now },
  };
}

async function decideAdmitted(repos: Repositories, orgId: string, state: PoolState, batch: readonly PendingRequest[]): Promise<Outcome[]> {
  if (batch.length === 0) return [];
  const requests = batch.map((p) => p.request);
  const personIds = [...new Set(requests.map((r) => r.personId))];
  const live = await repos.leases.listLiveForPeople(orgId, personIds);
  const premium = await repos.seats.listTierIntervalsForPeople(orgId, personIds, PREMIUM_LINE);
  const facts = await loadEvaluationFacts(repos, orgId, requests, state.budgets);
  const verdicts = decideBatch(state, facts, requests, { live, premium });

  const rows = [];
  for (const [i, verdict] of verdicts.entries()) {
    if (!verdict.ok) continue;
    const { actor, request } = batch[i]!;
    const { evaluation, effect } = verdict;
    rows.push({
      id: request.leaseId,
      personId: request.personId,
      departmentId: request.departmentId,
      ...PREMIUM_LINE,
      startsAt: effect.startsAt,
      endsAt: request.endsAt,
      reason: batch[i]!.reason,
      project: request.project,
      deadline: request.deadline,
      status: effect.status,
      queue: effect.queue,
      priority: leasePriority({ id: request.leaseId, requestedAt: request.now, deadline: request.deadline, project: request.project }, null, request.now),
      requestedBy: actor.kind === 'person' ? actor.personId : null,
      requestedAt: request.now,
      decidedBy: effect.isQueued ? null : decidedByOf(actor, evaluation),
      decidedAt: effect.isQueued ? null : request.now,
      decisionRule: evaluation.decision.rule,
      decisionNote: evaluation.decision.message,
      decisionInputs: evaluation.input,
      policyVersion: evaluation.state.policyVersion,
      startedAt: effect.status === 'active' ? request.now : null,
    });
  }
  await repos.leases.insertMany(orgId, rows);
  // A waiting request's priority counts its need score, which sees the person's leases (this one and
  // the batch's included, as booked work): scored once they are written.
  for (const [i, verdict] of verdicts.entries()) {
    if (!verdict.ok || !verdict.effect.isWaiting) continue;
    const { request } = batch[i]!;
    const needScore = (await getNeedScore(repos, orgId, request.personId, toDay(request.now))).score;
    await repos.leases.update(orgId, request.leaseId, { priority: leasePriority({ id: request.leaseId, requestedAt: request.now, deadline: request.deadline, project: request.project }, needScore, request.now) });
  }
  const leases = new Map((await repos.leases.findMany(orgId, rows.map((r) => r.id))).map((l) => [l.id, l]));

  const notes: Array<{ personId: string; kind: string; title: string; body: string; leaseId: string | null }> = [];
  const events: AuditEventInput[] = [];
  const deciders = new Map<string, Promise<readonly string[]>>();
  const listDeciders = (queue: 'lead' | 'owner', departmentId: string) => {
    const key = queue === 'owner' ? 'owner' : `lead|${departmentId}`;
    let found = deciders.get(key);
    if (!found) deciders.set(key, (found = queue === 'owner' ? repos.people.listIdsWithRole(orgId, ['primary_owner', 'owner']) : repos.people.listIdsWithRole(orgId, ['dept_lead'], departmentId)));
    return found;
  };
  const outcomes: Outcome[] = [];
  for (const [i, verdict] of verdicts.entries()) {
    const { actor, person, request, reason } = batch[i]!;
    if (!verdict.ok) {
      const message = verdict.conflict === 'overlapping_request' ? `${person.name} already has a lease or request overlapping these dates` : `${person.name} already holds a premium seat over these dates`;
      outcomes.push({ ok: false, error: new AppError('CONFLICT', { message }) });
      continue;
    }
    const { evaluation, effect } = verdict;
    const lease = leases.get(request.leaseId)!;
    events.push({ orgId, actor: auditActorOf(actor), action: 'lease.requested', entityType: 'lease', entityId: lease.id, after: { personId: request.personId, startsAt: request.startsAt, endsAt: request.endsAt, reason, project: request.project } });
    await noticeReclaimVictims(repos, { lease, evaluation, actor, now: request.now }, notes, events);
    if (effect.status === 'active') await writeLeaseAssignments(repos, lease);
    notes.push(...(await decisionNotes(repos, { lease, evaluation, effect, note: null }, listDeciders)));
    events.push(decisionAuditEvent({ before: { status: 'requested' }, after: lease, evaluation, effect, actor, note: null }));
    outcomes.push({ ok: true, result: { lease, decision: evaluation.decision } });
  }
  await repos.allocation.notify(orgId, notes);
  await repos.audit.appendMany(events);
  return outcomes;
}
