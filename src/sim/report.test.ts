import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runLab } from './lab/lab.ts';
import { LAB_POLICIES } from './lab/policies.ts';
import type { LabResult } from './lab/types.ts';
import { niceTicks, renderLabReport } from './report.ts';
import { parseScenario } from './scenarios/schema.ts';

const HOSTILE = '<script>alert("x")</script> & Co’s "lab"';
const scenario = parseScenario({ ...JSON.parse(readFileSync(new URL('./scenarios/small-team.json', import.meta.url), 'utf8')), name: HOSTILE });
const result: LabResult = runLab({ scenario, policies: LAB_POLICIES, seeds: [1, 2, 3] });
const html = renderLabReport(result);

describe('renderLabReport', () => {
  it('is a self-contained page: no scripts, no external resources', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain('<style>');
  });

  it('escapes a hostile scenario name everywhere it appears', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co’s &quot;lab&quot;');
    expect(html).not.toContain(HOSTILE);
  });

  it('names the scenario and the seeds', () => {
    expect(html).toContain('<code>small-team</code>');
    expect(html).toContain('3 seeds (1–3)');
  });

  it('has a row and a detail table for every policy with its mean and interval', () => {
    for (const p of result.policies) {
      expect(html).toContain(`<strong>${p.id}</strong>`);
      expect(html).toContain(`data-policy="${p.id}"`);
    }
    const p1 = result.policies.find((p) => p.id === 'P1')!;
    const cost = (v: number) => `$${Math.round(v).toLocaleString('en-US')}`;
    expect(html).toContain(cost(p1.cost.mean));
    expect(html).toContain(`[${cost(p1.cost.lo)}, ${cost(p1.cost.hi)}]`);
    for (const label of ['Cost / oracle', 'Unmet demand', 'Gini', 'Jain', 'Tenure approval ratio', 'Churn', 'Manual decisions / month', 'Forecast error']) expect(html).toContain(label);
  });

  it('draws the frontier with a point per policy and the oracle, and a cost line per policy', () => {
    const frontier = html.slice(html.indexOf('<svg class="chart frontier"'), html.indexOf('</svg>', html.indexOf('<svg class="chart frontier"')));
    for (const p of result.policies) expect(frontier).toContain(`data-id="${p.id}"`);
    expect(frontier).toContain('data-id="oracle"');
    const lines = html.slice(html.indexOf('<svg class="chart cost-over-time"'));
    for (const p of result.policies) expect(lines).toContain(`<g class="series" data-id="${p.id}">`);
    // One path point per week of the horizon.
    const p6 = lines.match(/data-id="P6">(?:<path[^>]*Z"[^>]*\/>)?<path d="([^"]+)"/)![1]!;
    expect(p6.split(/[ML]/).filter(Boolean)).toHaveLength(scenario.horizon.weeks);
  });

  it('flags a tenure approval ratio below 0.8 (four-fifths rule) and only then', () => {
    const base = result.policies[0]!;
    const low = { ...base, tenureApprovalRatio: { mean: 0.62, lo: 0.5, hi: 0.74 } };
    const ok = { ...base, id: 'P3' as const, tenureApprovalRatio: { mean: 0.95, lo: 0.9, hi: 1 } };
    const page = renderLabReport({ ...result, policies: [low, ok] });
    expect(page.match(/class="flag"/g)).toHaveLength(2); // comparison cell + detail cell of the low one
    expect(page).toContain('0.620<span class="badge">');
    expect(page).not.toContain('0.950<span class="badge">');
  });

  it('says a single run (a replay) has no intervals and drops the interval column', () => {
    const single = runLab({ scenario, policies: LAB_POLICIES.slice(0, 2), seeds: [7] });
    const page = renderLabReport(single);
    expect(page).toContain('one run (seed 7): no intervals');
    expect(page).not.toContain('<th>95% interval</th>');
    expect(html).toContain('<th>95% interval</th>');
  });

  it('is a pure function of the result, and still renders a result without weekly series', () => {
    expect(renderLabReport(result)).toBe(html);
    const old = { ...result, oracle: { cost: result.oracle.cost, poolSeats: result.oracle.poolSeats }, policies: result.policies.map(({ costByPeriod: _, ...p }) => p) };
    expect(renderLabReport(old)).toContain('carries no weekly cost series');
  });
});

describe('niceTicks', () => {
  it('covers the range with round steps', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(37_000, 52_000)).toEqual([38_000, 40_000, 42_000, 44_000, 46_000, 48_000, 50_000, 52_000]);
  });
});
