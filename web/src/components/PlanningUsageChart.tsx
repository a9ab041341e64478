/** A department's weekly messages over two quarters, limit hits as a line (recharts; loaded on demand with the planning page). */
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DepartmentPlanning } from '../api/planning.ts';
import { formatDate } from '../format.ts';

export default function PlanningUsageChart({ weeks }: { weeks: DepartmentPlanning['weeks'] }) {
  const half = Math.floor(weeks.length / 2);
  const rows = weeks.map((w, i) => ({ ...w, label: formatDate(w.weekStart, { month: 'short', day: 'numeric' }), lastQuarter: i >= half ? w.messages : null, previousQuarter: i < half ? w.messages : null }));
  return (
    <div role="img" aria-label="Weekly messages, previous and last quarter, with limit hits">
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e6e8eb" vertical={false} />
          <XAxis dataKey="label" interval={3} fontSize={11} />
          <YAxis yAxisId="m" fontSize={11} width={52} />
          <YAxis yAxisId="h" orientation="right" fontSize={11} width={36} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="m" dataKey="previousQuarter" name="Messages, previous quarter" fill="#a9c1ec" stackId="m" isAnimationActive={false} />
          <Bar yAxisId="m" dataKey="lastQuarter" name="Messages, last quarter" fill="#2f6fdf" stackId="m" isAnimationActive={false} />
          <Line yAxisId="h" dataKey="limitHits" name="Limit hits" stroke="#c0392b" dot={false} strokeWidth={2} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
