import { escapeHtml } from '../../../domain/html.ts';
import type { FairnessAudit } from '../../../app/fairness/fairness.ts';
import type { FairnessDimension, FairnessGroupRow } from '../../../domain/fairness.ts';
import { toCsv } from '../../../domain/csv-safe.ts';

export const DIMENSION_LABELS: Readonly<Record<FairnessDimension, string>> = { tenureBand: 'Tenure band', jobFamily: 'Job family', department: 'Department' };

const num = (v: number | null, digits = 2) => (v === null ? '' : v.toFixed(digits));
const pval = (v: number | null) => (v === null ? '' : v < 0.001 ? '<0.001' : v.toFixed(3));

const CSV_HEADER = ['dimension', 'group', 'people', 'small_sample', 'requests', 'approved', 'denied', 'pending', 'approval_rate', 'approval_ratio', 'approval_fisher_p', 'mean_wait_hours', 'mean_lease_days', 'premium_share', 'premium_holders', 'premium_fisher_p', 'mean_need', 'premium_per_need', 'premium_per_need_ratio', 'flags'];

/** The audit as CSV, one row per group; every cell goes through the formula-neutralizing writer. */
export function fairnessCsv(audit: FairnessAudit): string {
  const rows = audit.dimensions.flatMap((d) =>
    d.rows.map((r) => [d.dimension, r.group, r.people, r.isSmallSample, r.requests, r.approved, r.denied, r.pending, num(r.approvalRate, 4), num(r.approvalRatio, 4), num(r.approvalP, 4), num(r.meanWaitHours, 1), num(r.meanLeaseDays, 1), num(r.premiumShare, 4), r.premiumHolders, num(r.premiumP, 4), num(r.meanNeed, 3), num(r.premiumPerNeed, 4), num(r.premiumPerNeedRatio, 4), r.flags.join('; ')]),
  );
  return toCsv(CSV_HEADER, rows);
}

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);
const ratioCell = (v: number | null) => (v === null ? '<td>—</td>' : `<td class="${v < 0.8 ? 'bad' : ''}">${v.toFixed(2)}</td>`);

function rowHtml(r: FairnessGroupRow): string {
  return `<tr class="${r.flags.length ? 'flagged' : ''}"><th scope="row">${escapeHtml(r.group)}${r.isSmallSample ? ' <span class="small">small sample</span>' : ''}</th><td>${r.people}</td><td>${r.approved}/${r.approved + r.denied}${r.pending ? ` (+${r.pending} open)` : ''}</td><td>${pct(r.approvalRate)}</td>${ratioCell(r.approvalRatio)}<td>${pval(r.approvalP) || '—'}</td><td>${r.meanWaitHours === null ? '—' : r.meanWaitHours.toFixed(1)}</td><td>${r.meanLeaseDays === null ? '—' : r.meanLeaseDays.toFixed(1)}</td><td>${pct(r.premiumShare)}</td><td>${r.meanNeed.toFixed(2)}</td>${ratioCell(r.premiumPerNeedRatio)}<td>${pval(r.premiumP) || '—'}</td><td class="flags">${r.flags.map(escapeHtml).join('<br>')}</td></tr>`;
}

/** A printable, self-contained HTML report (no scripts; print CSS for A4 landscape). */
export function fairnessHtml(audit: FairnessAudit, organizationName: string): string {
  const sections = audit.dimensions.map((d) => {
    const chi = (c: typeof d.approvalChiSquare, label: string) => (c ? `<li>${label}: χ² = ${c.statistic.toFixed(2)}, df = ${c.degreesOfFreedom}, p = ${pval(c.pValue)}${c.isSmallSample ? ' <span class="small">small sample: an expected count is below 5, read the Fisher p-values</span>' : ''}</li>` : `<li>${label}: not enough data for a chi-square test</li>`);
    return `<section><h2>By ${DIMENSION_LABELS[d.dimension].toLowerCase()}</h2>
<p class="summary">Four-fifths ratio, approvals: <strong class="${d.approvalFourFifths !== null && d.approvalFourFifths < 0.8 ? 'bad' : ''}">${d.approvalFourFifths === null ? '—' : d.approvalFourFifths.toFixed(2)}</strong> · premium share per need: <strong class="${d.premiumPerNeedFourFifths !== null && d.premiumPerNeedFourFifths < 0.8 ? 'bad' : ''}">${d.premiumPerNeedFourFifths === null ? '—' : d.premiumPerNeedFourFifths.toFixed(2)}</strong></p>
<ul class="tests">${chi(d.approvalChiSquare, 'Approvals across groups')}${chi(d.premiumChiSquare, 'Premium holders across groups')}</ul>
<table><thead><tr><th>${DIMENSION_LABELS[d.dimension]}</th><th>People</th><th>Approved</th><th>Approval rate</th><th>Ratio</th><th>Fisher p</th><th>Mean wait (h)</th><th>Mean lease (days)</th><th>Premium share</th><th>Mean need</th><th>Share/need ratio</th><th>Fisher p (premium)</th><th>Flags</th></tr></thead>
<tbody>${d.rows.map(rowHtml).join('\n')}</tbody></table></section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fairness audit · ${escapeHtml(organizationName)} · ${audit.asOf}</title>
<style>
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:24px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:22px 0 6px}
.meta{color:#57606a;margin:0 0 12px}
table{border-collapse:collapse;width:100%;margin-top:6px}th,td{border-bottom:1px solid #d0d7de;padding:4px 6px;text-align:right;vertical-align:top}
th:first-child,td.flags,thead th:last-child{text-align:left}thead th{background:#f6f8fa;font-weight:600}
td.flags{color:#9a2a2a;font-size:11px;max-width:260px}
.bad{color:#b42318;font-weight:700}.small{display:inline-block;font-size:10px;font-weight:600;color:#7a4f00;background:#fff4d6;border-radius:3px;padding:0 4px}
tr.flagged th{color:#b42318}.summary{margin:2px 0}.tests{margin:2px 0 0;padding-left:18px;color:#57606a}
.notes{color:#57606a;font-size:11px;margin-top:20px}
@media print{body{margin:0}@page{size:A4 landscape;margin:12mm}section{break-inside:avoid}thead{display:table-header-group}.noprint{display:none}}
</style></head><body>
<h1>Fairness audit — ${escapeHtml(organizationName)}</h1>
<p class="meta">Window ${audit.from} to ${audit.asOf} (${audit.days} days) · ${audit.people} people · ${audit.requests} premium requests · ${audit.flagCount} flags · Gini of premium days ${audit.premiumDaysGini.toFixed(2)} · Jain index of premium share per need ${audit.premiumPerNeedJain.toFixed(2)}</p>
<p class="noprint"><button onclick="window.print()">Print</button></p>
${sections.join('\n')}
<p class="notes">Four-fifths ratio: lowest group rate ÷ highest; below 0.8 is flagged. Fisher p: two-sided exact test of the group against everyone else. Premium share: premium person-days ÷ person-days in the window; share/need ratio compares premium share per unit of mean need score with the best-served group. Groups under 5 people are marked “small sample”: read their figures with care. Seniority is never an input to need or decisions; tenure appears here only to audit that.</p>
</body></html>`;
}
