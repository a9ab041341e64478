/** Daily messages against the tier's daily limit (recharts; loaded on demand with the usage page). */
import { Bar, CartesianGrid, Cell, ComposedChart, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { UsageDay } from '../api/types.ts';
import { formatDate, formatInteger, formatUsd } from '../format.ts';
import { USAGE_COLORS } from '../usage.ts';

type Row = UsageDay & { isHit: boolean; isPremium: boolean };

function UsageTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }> }) {
  const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
  if (!row) return null;
  const cost = Number(row.costUsd);
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-day">{formatDate(row.day, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' })}</p>
      <dl>
        <div>
          <dt>
            <span className="legend-swatch" style={{ background: row.isHit ? USAGE_COLORS.hit : USAGE_COLORS.messages }} /> Messages
          </dt>
          <dd>{formatInteger(row.messages)}</dd>
        </div>
        <div>
          <dt>
            <span className="legend-swatch legend-swatch-line" style={{ background: USAGE_COLORS.limit }} /> Daily limit ({row.tier ?? 'no seat'})
          </dt>
          <dd>{formatInteger(row.limit)}</dd>
        </div>
        {row.limitHits > 0 && (
          <div>
            <dt>Limit hits</dt>
            <dd className="text-danger">{formatInteger(row.limitHits)}</dd>
          </div>
        )}
        <div>
          <dt>Active time</dt>
          <dd>{formatInteger(row.activeMinutes)} min</dd>
        </div>
        {cost > 0 && (
          <div>
            <dt>API-equivalent cost</dt>
            <dd>{formatUsd(Math.round(cost * 100) / 100)}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

/** Contiguous runs of premium days, shaded behind the bars. */
function premiumRuns(rows: readonly Row[]): Array<{ from: string; to: string }> {
  const runs: Array<{ from: string; to: string }> = [];
  let start: string | null = null;
  rows.forEach((r, i) => {
    if (r.isPremium && start === null) start = r.day;
    const next = rows[i + 1];
    if (start !== null && (!next || !next.isPremium)) {
      runs.push({ from: start, to: r.day });
      start = null;
    }
  });
  return runs;
}

/** A round axis top at or above `value` that splits into four whole quarters: 45 → 60, 230 → 240. */
function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, value)));
  for (const step of [1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10]) {
    const top = step * magnitude;
    if (top >= value && Number.isInteger(top / 4)) return top;
  }
  return Math.ceil(value / 4) * 4;
}

export default function UsageChart({ days }: { days: readonly UsageDay[] }) {
  const rows: Row[] = days.map((d) => ({ ...d, isHit: d.limitHits > 0, isPremium: d.tier === 'premium' }));
  const peak = Math.max(1, ...rows.map((r) => Math.max(r.messages, r.limit)));
  const top = niceCeiling(peak * 1.08);
  const tickEvery = Math.max(1, Math.ceil(rows.length / 8));
  const ticks = rows.filter((_, i) => i % tickEvery === 0).map((r) => r.day);
  const runs = premiumRuns(rows);

  return (
    <div className="chart-frame">
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={rows} margin={{ top: 16, right: 16, bottom: 4, left: -12 }} barCategoryGap={rows.length > 120 ? '8%' : '15%'}>
          <CartesianGrid stroke="#e9edf2" vertical={false} />
          {runs.map((run) => (
            <ReferenceArea
              key={run.from}
              x1={run.from}
              x2={run.to}
              fill={USAGE_COLORS.premium}
              fillOpacity={0.07}
              stroke="none"
              ifOverflow="extendDomain"
              label={{ value: 'Premium', position: 'insideTopLeft', fill: USAGE_COLORS.premium, fontSize: 11, fontWeight: 600 }}
            />
          ))}
          <XAxis
            dataKey="day"
            ticks={ticks}
            tickFormatter={(day: string) => formatDate(day, { month: 'short', day: 'numeric' })}
            tick={{ fill: '#556275', fontSize: 12 }}
            tickLine={false}
            axisLine={{ stroke: '#cdd5df' }}
            interval={0}
          />
          <YAxis allowDecimals={false} domain={[0, top]} ticks={[0, top / 4, top / 2, (top * 3) / 4, top]} tick={{ fill: '#556275', fontSize: 12 }} tickLine={false} axisLine={false} width={44} />
          <Tooltip content={(props: TooltipContentProps) => <UsageTooltip active={props.active} payload={props.payload} />} cursor={{ fill: 'rgba(31, 47, 70, 0.06)' }} isAnimationActive={false} />
          <Bar dataKey="messages" name="Messages" isAnimationActive={false} radius={[2, 2, 0, 0]}>
            {rows.map((r) => (
              <Cell key={r.day} fill={r.isHit ? USAGE_COLORS.hit : USAGE_COLORS.messages} />
            ))}
          </Bar>
          <Line type="stepAfter" dataKey="limit" name="Daily limit" stroke={USAGE_COLORS.limit} strokeWidth={2} strokeDasharray="6 4" dot={false} activeDot={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
