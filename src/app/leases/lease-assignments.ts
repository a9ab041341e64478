import type { Repositories } from '../../db/repositories/index.ts';
import type { Lease } from '../../db/repositories/lease.repository.ts';
import { AppError } from '../../errors.ts';

/**
 * Seat history for a lease. On start: the tier in force ends at the lease start, the leased tier runs
 * [start, end), and the person's base tier resumes at the end. Because the return to base is written
 * up front, "current tier" is right at every instant even if the service is down when the lease ends.
 */
export async function writeLeaseAssignments(repos: Repositories, lease: Lease): Promise<void> {
  const history = await repos.seats.listPersonHistory(lease.orgId, lease.personId, lease.vendor);
  const open = history.find((a) => a.validTo === null);
  await repos.seats.insertRaw(lease.orgId, [
    { personId: lease.personId, vendor: lease.vendor, plan: lease.plan, tier: lease.tier, validFrom: lease.startsAt, validTo: lease.endsAt, reason: `Lease: ${lease.reason}`, createdBy: null, leaseId: lease.id },
  ]);
  if (!open) return;
  if (open.tier === lease.tier) throw new AppError('CONFLICT', { message: `${lease.personName} already holds ${lease.tier}` });
  if (open.validFrom < lease.startsAt) {
    await repos.seats.updateAssignment(lease.orgId, open.id, { validTo: lease.startsAt });
    await repos.seats.insertRaw(lease.orgId, [
      { personId: lease.personId, vendor: open.vendor, plan: open.plan, tier: open.tier, validFrom: lease.endsAt, validTo: null, reason: 'Lease ended: back to base tier', createdBy: null, leaseId: lease.id },
    ]);
  } else {
    // The base tier resumes right where an earlier lease ended; push it past this one.
    await repos.seats.updateAssignmentFrom(lease.orgId, open.id, lease.endsAt);
  }
}

/** Moves the lease's end (early return, reclaim, extension): the leased tier stops and the base tier resumes at `at`. */
export async function moveLeaseEnd(repos: Repositories, lease: Lease, at: Date): Promise<void> {
  const rows = await repos.seats.listByLease(lease.orgId, lease.id);
  const leased = rows.find((a) => a.tier === lease.tier);
  if (!leased) return;
  if (at <= leased.validFrom) await repos.seats.deleteAssignment(lease.orgId, leased.id);
  else await repos.seats.updateAssignment(lease.orgId, leased.id, { validTo: at });
  const history = await repos.seats.listPersonHistory(lease.orgId, lease.personId, lease.vendor);
  const resume = history.find((a) => a.validTo === null && a.validFrom.getTime() === lease.endsAt.getTime());
  if (resume) await repos.seats.updateAssignmentFrom(lease.orgId, resume.id, at);
}
