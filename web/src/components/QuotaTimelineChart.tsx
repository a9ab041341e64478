/** The department's premium quota day by day (recharts; loaded on demand with the department page). */
import { Area, CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { TimelinePoint } from '../api/types.ts';
import { formatDate } from '../format.ts';
import { CHART_COLORS } from '../timeline.ts';

type Row = TimelinePoint & { within: number };

function TimelineTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }> }) {
  const row = active ? (payload?.[0]?.payload as Row | undefined) : undefined;
  if (!row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-day">{formatDate(row.day, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' })}</p>
      <dl>
        <div>
          <dt>In use</dt>
          <dd>{row.used}</dd>
        </div>
        <div>
          <dt>
            <span className="legend-swatch legend-swatch-line" style={{ background: CHART_COLORS.nominal }} /> Nominal quota
          </dt>
          <dd>{row.nominal}</dd>
        </div>
        <div>
          <dt>
            <span className="legend-swatch" style={{ background: CHART_COLORS.borrowed }} /> Borrowed
          </dt>
          <dd>{row.borrowed}</dd>
        </div>
        <div>
          <dt>
            <span className="legend-swatch" style={{ background: CHART_COLORS.lent }} /> Lent to others
          </dt>
          <dd>{row.lent}</dd>
        </div>
      </dl>
    </div>
  );
}

export default function QuotaTimelineChart({ points, today }: { points: readonly TimelinePoint[]; today: string }) {
  // One stack: own-quota seats in use, then borrowed seats above the quota, then idle quota lent out.
  // Borrowed and lent never coexist (lending needs idle quota), so the stack's top is use plus lending.
  const rows: Row[] = points.map((p) => ({ ...p, within: Math.min(p.used, p.nominal) }));
  const peak = Math.max(1, ...rows.map((r) => Math.max(r.used + r.lent, r.nominal)));
  const tickEvery = Math.max(1, Math.ceil(rows.length / 9));
  const ticks = rows.filter((_, i) => i % tickEvery === 0).map((r) => r.day);
  const hasToday = rows.some((r) => r.day === today);

  return (
    <div className="chart-frame">
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={rows} margin={{ top: 22, right: 16, bottom: 4, left: -12 }}>
          <defs>
            <pattern id="lent-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill={CHART_COLORS.lent} fillOpacity={0.18} />
              <line x1="0" y1="0" x2="0" y2="6" stroke={CHART_COLORS.lent} strokeWidth="2.4" strokeOpacity={0.85} />
            </pattern>
          </defs>
          <CartesianGrid stroke="#e9edf2" vertical={false} />
          <XAxis
            dataKey="day"
            ticks={ticks}
            tickFormatter={(day: string) => formatDate(day, { month: 'short', day: 'numeric' })}
            tick={{ fill: '#556275', fontSize: 12 }}
            tickLine={false}
            axisLine={{ stroke: '#cdd5df' }}
            interval={0}
          />
          <YAxis allowDecimals={false} domain={[0, Math.ceil(peak * 1.15)]} tick={{ fill: '#556275', fontSize: 12 }} tickLine={false} axisLine={false} width={44} />
          <Tooltip content={(props: TooltipContentProps) => <TimelineTooltip active={props.active} payload={props.payload} />} cursor={{ stroke: '#9aa7b8', strokeDasharray: '3 3' }} isAnimationActive={false} />
          <Area type="stepAfter" dataKey="within" name="In use within quota" stackId="seats" stroke={CHART_COLORS.within} strokeWidth={1.5} fill={CHART_COLORS.within} fillOpacity={0.35} isAnimationActive={false} />
          <Area type="stepAfter" dataKey="borrowed" name="Borrowed" stackId="seats" stroke="none" fill={CHART_COLORS.borrowed} fillOpacity={0.6} isAnimationActive={false} />
          <Area type="stepAfter" dataKey="lent" name="Lent to others" stackId="seats" stroke="none" fill="url(#lent-hatch)" isAnimationActive={false} />
          <Line type="stepAfter" dataKey="nominal" name="Nominal quota" stroke={CHART_COLORS.nominal} strokeWidth={2} strokeDasharray="6 4" dot={false} activeDot={false} isAnimationActive={false} />
          {hasToday && (
            <ReferenceLine
              x={today}
              stroke={CHART_COLORS.today}
              strokeWidth={1.5}
              label={{ value: 'Today', position: 'top', fill: CHART_COLORS.today, fontSize: 12, fontWeight: 600 }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
