/** Weekly bill per policy over the horizon: mean lines with 95% bands over seeds, the oracle dashed (recharts). */
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LAB_COLORS, type LabResult } from '../api/lab.ts';
import { formatDate } from '../format.ts';

const money = (v: number) => (Math.abs(v) >= 1000 ? `$${(v / 1000).toFixed(1)}k` : `$${v.toFixed(0)}`);

export default function LabCostChart({ result }: { result: LabResult }) {
  const hasBands = result.seeds.length > 1;
  const rows = result.periods.map((week, i) => {
    const row: Record<string, unknown> = { week };
    for (const p of result.policies) {
      const v = p.costByPeriod[i];
      if (!v) continue;
      row[p.id] = v.mean;
      if (hasBands) row[`${p.id}-band`] = [v.lo, v.hi];
    }
    const o = result.oracle.costByPeriod[i];
    if (o) row.oracle = o.mean;
    return row;
  });
  return (
    <div className="lab-chart" role="img" aria-label="Weekly cost per policy over the horizon" data-testid="lab-cost-chart">
      <ResponsiveContainer width="100%" height={300}>
        <ComposedChart data={rows} margin={{ top: 8, right: 20, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e6e8eb" vertical={false} />
          <XAxis dataKey="week" tickFormatter={(d: string) => formatDate(d, { month: 'short', day: 'numeric' })} minTickGap={28} fontSize={11} />
          <YAxis tickFormatter={money} fontSize={11} width={56} domain={['auto', 'auto']} />
          <Tooltip
            formatter={(v: unknown, name: unknown) => (Array.isArray(v) ? [`${money(Number(v[0]))} – ${money(Number(v[1]))}`, `${String(name)} 95%`] : [money(Number(v)), String(name)])}
            labelFormatter={(d: unknown) => `Week of ${formatDate(String(d))}`}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {hasBands && result.policies.map((p) => <Area key={`${p.id}-band`} dataKey={`${p.id}-band`} legendType="none" name={p.id} fill={LAB_COLORS[p.id]} fillOpacity={0.12} stroke="none" isAnimationActive={false} />)}
          {result.policies.map((p) => <Line key={p.id} dataKey={p.id} name={`${p.id} ${p.name}`} stroke={LAB_COLORS[p.id]} dot={false} strokeWidth={2} isAnimationActive={false} />)}
          <Line dataKey="oracle" name="Oracle (hindsight)" stroke={LAB_COLORS.oracle} strokeDasharray="6 4" dot={false} strokeWidth={1.5} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
