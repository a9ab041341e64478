/** Premium share against mean need score, one dot per group (recharts; loaded on demand with the fairness page). */
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis, LabelList } from 'recharts';
import type { FairnessRow } from '../api/fairness.ts';

type Point = { x: number; y: number; z: number; group: string; flagged: boolean };

function FairnessTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }> }) {
  const p = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
  if (!p) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-day">{p.group}</p>
      <dl>
        <div><dt>Mean need</dt><dd>{p.x.toFixed(2)}</dd></div>
        <div><dt>Premium share</dt><dd>{Math.round(p.y * 100)}%</dd></div>
        <div><dt>People</dt><dd>{p.z}</dd></div>
      </dl>
    </div>
  );
}

export default function FairnessChart({ rows }: { rows: readonly FairnessRow[] }) {
  const points: Point[] = rows.map((r) => ({ x: r.meanNeed, y: r.premiumShare, z: r.people, group: r.group, flagged: r.flags.length > 0 }));
  const ok = points.filter((p) => !p.flagged);
  const flagged = points.filter((p) => p.flagged);
  const maxX = Math.max(0.5, ...points.map((p) => p.x));
  const maxY = Math.max(0.2, ...points.map((p) => p.y));
  return (
    <div className="fairness-chart" role="img" aria-label="Premium share against mean need score by group">
      <ResponsiveContainer width="100%" height={280}>
        <ScatterChart margin={{ top: 16, right: 24, bottom: 28, left: 8 }}>
          <CartesianGrid stroke="#e6e8eb" />
          <XAxis type="number" dataKey="x" name="Mean need" domain={[0, Math.ceil(maxX * 10) / 10]} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'Mean need score', position: 'insideBottom', offset: -14, fill: '#57606a', fontSize: 12 }} />
          <YAxis type="number" dataKey="y" name="Premium share" domain={[0, Math.ceil(maxY * 10) / 10]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} label={{ value: 'Premium share', angle: -90, position: 'insideLeft', offset: 12, fill: '#57606a', fontSize: 12 }} />
          <ZAxis type="number" dataKey="z" range={[60, 360]} name="People" />
          <Tooltip content={<FairnessTooltip />} />
          <Scatter data={ok} fill="#2f6fdf" fillOpacity={0.75} isAnimationActive={false}>
            <LabelList dataKey="group" position="right" fontSize={11} fill="#1b1f24" />
          </Scatter>
          <Scatter data={flagged} fill="#c0392b" fillOpacity={0.85} isAnimationActive={false}>
            <LabelList dataKey="group" position="right" fontSize={11} fill="#b42318" />
          </Scatter>
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
