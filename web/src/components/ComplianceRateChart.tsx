/** Compliance rate by tenure band (recharts; loaded on demand with the compliance page). */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ComplianceGroup } from '../api/governance.ts';

export default function ComplianceRateChart({ groups }: { groups: readonly ComplianceGroup[] }) {
  const chart = groups.map((g) => ({ group: g.group, rate: g.rate === null ? 0 : Math.round(g.rate * 100) }));
  return (
    <ResponsiveContainer width="100%" height={200}>
      <BarChart data={chart} margin={{ top: 12, right: 8, bottom: 4, left: -8 }}>
        <CartesianGrid stroke="#e9edf2" vertical={false} />
        <XAxis dataKey="group" tick={{ fill: '#556275', fontSize: 12 }} />
        <YAxis domain={[0, 100]} unit="%" tick={{ fill: '#556275', fontSize: 12 }} />
        <Tooltip formatter={(v: unknown) => [`${v}%`, 'Compliance rate']} />
        <Bar isAnimationActive={false} dataKey="rate" name="Compliance rate by tenure band" fill="#3b6fd8" radius={[3, 3, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
