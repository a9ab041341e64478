import { lazy, Suspense, useEffect, useState } from 'react';
import { useAskOutOfCompliance, useComplianceReport, type ComplianceGroup, type CompliancePerson } from '../api/governance.ts';
import { useMe } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { ComplianceExemptions } from '../components/ComplianceExemptions.tsx';
import { ComplianceRuleForm } from '../components/ComplianceRuleForm.tsx';
import { Flash } from '../components/Flash.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ActionError, EmptyState, ErrorState, LoadingBlock } from '../components/States.tsx';
import { formatDate, humanize } from '../format.ts';
import { isAdmin } from '../usage.ts';

const ComplianceRateChart = lazy(() => import('../components/ComplianceRateChart.tsx'));

const STATUS_LABEL: Record<CompliancePerson['status'], string> = { out_of_compliance: 'Out of compliance', due: 'Due (in grace)', exempt: 'Exempt', compliant: 'Compliant', not_subject: 'Not covered' };
const STATUS_TONE: Record<CompliancePerson['status'], string> = { out_of_compliance: 'badge-tone-danger', due: 'badge-tone-pending', exempt: 'badge-tone-info', compliant: 'badge-tone-success', not_subject: 'badge-tone-neutral' };
const rateText = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

export function CompliancePage() {
  const me = useMe().data;
  useEffect(() => {
    document.title = 'Compliance · Seatwise';
  }, []);
  if (!me) return null;
  return <ComplianceContent me={me} />;
}

function GroupTable({ title, groups }: { title: string; groups: readonly ComplianceGroup[] }) {
  return (
    <div className="table-wrap">
      <table className="table table-compact compliance-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Covered</th>
            <th scope="col">Compliant</th>
            <th scope="col">Exempt</th>
            <th scope="col">In grace</th>
            <th scope="col">Out</th>
            <th scope="col">Rate</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.group}>
              <th scope="row">{title === 'By job family' ? humanize(g.group) : g.group}</th>
              <td>{g.subject}</td>
              <td>{g.compliant}</td>
              <td>{g.exempt}</td>
              <td>{g.due}</td>
              <td className={g.outOfCompliance ? 'text-danger' : undefined}>{g.outOfCompliance}</td>
              <td>{rateText(g.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ComplianceContent({ me }: { me: Me }) {
  const report = useComplianceReport();
  const ask = useAskOutOfCompliance();
  const [notice, setNotice] = useState<string | null>(null);
  const canEdit = isAdmin(me);
  if (report.isPending) return <div className="page"><PageHeader title="Compliance" /><LoadingBlock label="Loading the compliance report…" /></div>;
  if (report.isError) return <div className="page"><PageHeader title="Compliance" /><ErrorState error={report.error} what="the compliance report" onRetry={() => void report.refetch()} /></div>;
  const r = report.data;
  const flagged = r.people.filter((p) => p.status === 'out_of_compliance' || p.status === 'due');
  return (
    <div className="page">
      <PageHeader title="Participation compliance" subtitle={`One rule for everyone who holds the tier, evaluated the same way for every person on ${formatDate(r.asOf)}. Tenure, job family and department are used only to report rates, never to decide.`} />
      <Flash notice={notice} onDismiss={() => setNotice(null)} />

      <section className="stat-grid" aria-label="Totals">
        <div className="card stat-card"><p className="stat-label">Covered by the rule</p><p className="stat-value">{r.totals.subject}</p></div>
        <div className="card stat-card"><p className="stat-label">Compliance rate</p><p className="stat-value">{rateText(r.totals.rate)}</p><p className="stat-sub">compliant or exempt, among those past grace</p></div>
        <div className={`card stat-card${r.totals.outOfCompliance ? ' stat-card-warning' : ''}`}><p className="stat-label">Out of compliance</p><p className="stat-value">{r.totals.outOfCompliance}</p></div>
        <div className="card stat-card"><p className="stat-label">Exempt</p><p className="stat-value">{r.totals.exempt}</p></div>
      </section>

      <section className="card section-card" aria-labelledby="rule-h">
        <div className="section-card-header"><h2 id="rule-h">Rule</h2></div>
        <ComplianceRuleForm key={r.rule.updatedAt ?? 'default'} rule={r.rule} canEdit={canEdit} onSaved={() => setNotice('Rule saved; it applies to every holder of the tier.')} />
      </section>

      <section className="card section-card" aria-labelledby="who-h">
        <div className="section-card-header section-card-header-row">
          <div>
            <h2 id="who-h">Who needs to act<span className="count">{flagged.length}</span></h2>
            <p className="muted">Past grace, a person is asked through a seat review: keep the seat with a reason, or give it back. Nothing changes without their answer.</p>
          </div>
          {canEdit && r.totals.outOfCompliance > 0 && (
            <button type="button" className="button button-secondary" disabled={ask.isPending} onClick={() => ask.mutate(undefined, { onSuccess: (x) => setNotice(x.asked.length ? `Asked ${x.asked.map((a) => a.name).join(', ')} through a seat review.` : 'Everyone out of compliance has already been asked.') })}>
              {ask.isPending ? 'Asking…' : 'Ask everyone out of compliance'}
            </button>
          )}
        </div>
        {ask.isError && <ActionError error={ask.error} what="Could not start the seat reviews" />}
        {flagged.length === 0 ? <EmptyState title="Everyone covered is compliant or exempt" /> : (
          <div className="table-wrap">
            <table className="table table-compact">
              <thead><tr><th scope="col">Person</th><th scope="col">Department</th><th scope="col">Status</th><th scope="col">Why</th></tr></thead>
              <tbody>
                {flagged.map((p) => (
                  <tr key={p.personId}>
                    <th scope="row">{p.name}</th>
                    <td>{p.departmentName ?? '—'}</td>
                    <td><span className={`badge ${STATUS_TONE[p.status]}`}>{STATUS_LABEL[p.status]}</span></td>
                    <td>{p.explanation}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="card section-card" aria-labelledby="rates-h">
        <div className="section-card-header"><h2 id="rates-h">Rates by group</h2><p className="muted">The same computation for every group; people still in grace are not counted in the rate.</p></div>
        <div className="chart-frame chart-frame-compact" aria-label="Compliance rate by tenure band">
          <Suspense fallback={<div className="chart-placeholder chart-placeholder-compact skeleton" role="status" aria-label="Loading the chart…" />}>
            <ComplianceRateChart groups={r.byTenureBand} />
          </Suspense>
        </div>
        <div className="compliance-groups">
          <GroupTable title="By tenure band" groups={r.byTenureBand} />
          <GroupTable title="By job family" groups={r.byJobFamily} />
          <GroupTable title="By department" groups={r.byDepartment} />
        </div>
      </section>

      <section className="card section-card" aria-labelledby="all-h">
        <div className="section-card-header"><h2 id="all-h">Everyone covered<span className="count">{r.people.length}</span></h2></div>
        <div className="table-wrap">
          <table className="table table-compact">
            <thead><tr><th scope="col">Person</th><th scope="col">Department</th><th scope="col">Shared</th><th scope="col">Status</th></tr></thead>
            <tbody>
              {r.people.map((p) => (
                <tr key={p.personId}>
                  <th scope="row">{p.name}</th>
                  <td>{p.departmentName ?? '—'}</td>
                  <td>{p.count} of {p.required}</td>
                  <td><span className={`badge ${STATUS_TONE[p.status]}`}>{STATUS_LABEL[p.status]}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card section-card" aria-labelledby="ex-h">
        <div className="section-card-header"><h2 id="ex-h">Exemptions<span className="count">{r.exemptions.length}</span></h2><p className="muted">Individual only, each with a reason; every grant and revocation is in the audit log.</p></div>
        <ComplianceExemptions exemptions={r.exemptions} people={r.people} canEdit={canEdit} onChanged={setNotice} />
      </section>
    </div>
  );
}
