/** Cumulative spend this month against the straight budget pace line (recharts; loaded on demand). */
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { BurnScope } from '../api/alerts.ts';
import { formatDate, formatUsd } from '../format.ts';
import { BURN_COLORS } from './BurnLegend.tsx';

type Row = { day: string; spent: number | null; pace: number };

function BurnTooltip({ active, payload, budget }: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }>; budget: number | null }) {
  const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
  if (!row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-day">{formatDate(row.day, { weekday: 'short', month: 'short', day: 'numeric' })}</p>
      <dl>
        <div>
          <dt>
            <span className="legend-swatch" style={{ background: BURN_COLORS.spent }} /> Spent to date
          </dt>
          <dd>{row.spent === null ? '—' : formatUsd(Math.round(row.spent * 100) / 100)}</dd>
        </div>
        <div>
          <dt>
            <span className="legend-swatch legend-swatch-line" style={{ background: BURN_COLORS.pace }} /> Budget pace
          </dt>
          <dd>{formatUsd(Math.round(row.pace * 100) / 100)}</dd>
        </div>
        {budget !== null && row.spent !== null && (
          <div>
            <dt>Of the budget</dt>
            <dd>{Math.round((row.spent / budget) * 100)}%</dd>
          </div>
        )}
      </dl>
    </div>
  );
}

/** A round axis top at or above `value` that splits into four equal, round steps: 4,301 → 4,800. */
function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, value)));
  for (const step of [1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10]) {
    const top = step * magnitude;
    if (top >= value) return top;
  }
  return value;
}

export default function BurnChart({ scope, today, thresholds }: { scope: BurnScope; today: string; thresholds: readonly number[] }) {
  const rows: Row[] = scope.points.map((p) => ({ day: p.day, spent: p.spent, pace: p.pace }));
  const budget = scope.budget === null ? null : Number(scope.budget);
  const peak = Math.max(1, budget ?? 0, ...rows.map((r) => r.spent ?? 0));
  const isOver = scope.status === 'over_pace' || scope.status === 'exhausted';
  const color = isOver ? BURN_COLORS.over : BURN_COLORS.spent;
  const top = niceCeiling(peak * 1.08);
  const ticks = rows.filter((_, i) => i % 5 === 0 || i === rows.length - 1).map((r) => r.day);
  return (
    <div className="chart-frame" data-testid="burn-chart">
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={rows} margin={{ top: 16, right: 44, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#e9edf2" vertical={false} />
          <XAxis dataKey="day" ticks={ticks} interval={0} tickFormatter={(day: string) => formatDate(day, { month: 'short', day: 'numeric' })} tick={{ fill: '#556275', fontSize: 12 }} tickLine={false} axisLine={{ stroke: '#cdd5df' }} />
          <YAxis domain={[0, top]} ticks={[0, top / 4, top / 2, (top * 3) / 4, top]} tickFormatter={(v: number) => formatUsd(Math.round(v))} tick={{ fill: '#556275', fontSize: 12 }} tickLine={false} axisLine={false} width={64} />
          <Tooltip content={(props: TooltipContentProps) => <BurnTooltip active={props.active} payload={props.payload} budget={budget} />} isAnimationActive={false} />
          {budget !== null &&
            thresholds
              .filter((t) => t < 100)
              .map((t) => <ReferenceLine key={t} y={(budget * t) / 100} stroke="#cdd5df" strokeDasharray="2 4" label={{ value: `${t}%`, position: 'right', fill: '#6b7789', fontSize: 11 }} ifOverflow="extendDomain" />)}
          {budget !== null && <ReferenceLine y={budget} stroke={BURN_COLORS.budget} strokeWidth={1.5} label={{ value: `Budget ${formatUsd(budget)}`, position: 'insideTopLeft', fill: BURN_COLORS.budget, fontSize: 12, fontWeight: 600 }} ifOverflow="extendDomain" />}
          <ReferenceLine x={today} stroke={BURN_COLORS.today} strokeDasharray="3 3" label={{ value: 'Today', position: 'top', fill: BURN_COLORS.today, fontSize: 11 }} />
          <Area type="monotone" dataKey="spent" name="Spent to date" stroke={color} strokeWidth={2} fill={color} fillOpacity={0.12} connectNulls={false} dot={false} isAnimationActive={false} />
          {budget !== null && <Line type="linear" dataKey="pace" name="Budget pace" stroke={BURN_COLORS.pace} strokeWidth={2} strokeDasharray="6 4" dot={false} activeDot={false} isAnimationActive={false} />}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
