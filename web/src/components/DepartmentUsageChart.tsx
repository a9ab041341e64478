/** A department's daily messages, with limit hits as markers on their own scale (recharts; loaded on demand with the department page). */
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { DepartmentUsageDay } from '../api/types.ts';
import { formatDate, formatInteger } from '../format.ts';
import { USAGE_COLORS } from '../usage.ts';

/** `hits` is null on days without a limit hit, so no marker is drawn there. */
type Row = DepartmentUsageDay & { hits: number | null };

function DepartmentUsageTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }> }) {
  const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
  if (!row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-day">{formatDate(row.day, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' })}</p>
      <dl>
        <div>
          <dt>
            <span className="legend-swatch" style={{ background: USAGE_COLORS.messages }} /> Messages
          </dt>
          <dd>{formatInteger(row.messages)}</dd>
        </div>
        <div>
          <dt>
            <span className="legend-swatch legend-swatch-marker" style={{ background: USAGE_COLORS.hit }} /> Limit hits
          </dt>
          <dd className={row.limitHits > 0 ? 'text-danger' : undefined}>{formatInteger(row.limitHits)}</dd>
        </div>
        <div>
          <dt>Active people</dt>
          <dd>{formatInteger(row.activePeople)}</dd>
        </div>
      </dl>
    </div>
  );
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

export default function DepartmentUsageChart({ days }: { days: readonly DepartmentUsageDay[] }) {
  const rows: Row[] = days.map((d) => ({ ...d, hits: d.limitHits > 0 ? d.limitHits : null }));
  const top = niceCeiling(Math.max(1, ...rows.map((r) => r.messages)) * 1.08);
  const hitsTop = niceCeiling(Math.max(1, ...rows.map((r) => r.limitHits)) * 1.15);
  const tickEvery = Math.max(1, Math.ceil(rows.length / 8));
  const ticks = rows.filter((_, i) => i % tickEvery === 0).map((r) => r.day);
  const axisTick = { fill: '#556275', fontSize: 12 };

  return (
    <div className="chart-frame chart-frame-compact">
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={rows} margin={{ top: 12, right: 4, bottom: 4, left: -8 }} barCategoryGap="18%">
          <CartesianGrid stroke="#e9edf2" vertical={false} yAxisId="messages" />
          <XAxis
            dataKey="day"
            ticks={ticks}
            tickFormatter={(day: string) => formatDate(day, { month: 'short', day: 'numeric' })}
            tick={axisTick}
            tickLine={false}
            axisLine={{ stroke: '#cdd5df' }}
            interval={0}
          />
          <YAxis yAxisId="messages" allowDecimals={false} domain={[0, top]} ticks={[0, top / 4, top / 2, (top * 3) / 4, top]} tickFormatter={(v: number) => formatInteger(v)} tick={axisTick} tickLine={false} axisLine={false} width={48} />
          <YAxis
            yAxisId="hits"
            orientation="right"
            allowDecimals={false}
            domain={[0, hitsTop]}
            ticks={[0, hitsTop / 2, hitsTop]}
            tick={{ ...axisTick, fill: USAGE_COLORS.hit }}
            tickLine={false}
            axisLine={false}
            width={34}
          />
          <Tooltip content={(props: TooltipContentProps) => <DepartmentUsageTooltip active={props.active} payload={props.payload} />} cursor={{ fill: 'rgba(31, 47, 70, 0.06)' }} isAnimationActive={false} />
          <Bar yAxisId="messages" dataKey="messages" name="Messages" fill={USAGE_COLORS.messages} radius={[2, 2, 0, 0]} isAnimationActive={false} />
          <Line
            yAxisId="hits"
            dataKey="hits"
            name="Limit hits"
            stroke="none"
            dot={{ r: 4, fill: USAGE_COLORS.hit, stroke: '#ffffff', strokeWidth: 1.5 }}
            activeDot={{ r: 5, fill: USAGE_COLORS.hit, stroke: '#ffffff', strokeWidth: 1.5 }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
