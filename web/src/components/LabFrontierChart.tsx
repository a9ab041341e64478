/** Cost against unmet-demand share, one point per policy with 95% whiskers on both axes; the oracle at zero unmet (recharts). */
import { CartesianGrid, ErrorBar, LabelList, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { LAB_COLORS, type LabResult } from '../api/lab.ts';

type Point = { id: string; name: string; x: number; y: number; ex: [number, number]; ey: [number, number]; xLo: number; xHi: number; yLo: number; yHi: number };

const money = (v: number) => (Math.abs(v) >= 1000 ? `$${(v / 1000).toFixed(Math.abs(v) >= 10_000 ? 0 : 1)}k` : `$${v.toFixed(0)}`);
const pct = (v: number) => `${(v * 100).toFixed(0)}%`;

function FrontierTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: unknown }> }) {
  const p = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
  if (!p) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-day">{p.id} · {p.name}</p>
      <dl>
        <div><dt>Cost</dt><dd>{money(p.y)} [{money(p.yLo)}, {money(p.yHi)}]</dd></div>
        <div><dt>Unmet demand</dt><dd>{(p.x * 100).toFixed(1)}% [{(p.xLo * 100).toFixed(1)}%, {(p.xHi * 100).toFixed(1)}%]</dd></div>
      </dl>
    </div>
  );
}

// Neighbouring policies often share a cost (the same pool): alternate label sides so ids stay readable.
const LABEL_POSITIONS = ['top', 'bottom', 'right', 'left'] as const;

/** Round ticks (1, 2, 5 × 10^k) covering [lo, hi]; the domain becomes their span. */
function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const e = raw / mag;
  const step = mag * (e >= 7.5 ? 10 : e >= 3.5 ? 5 : e >= 1.5 ? 2 : 1);
  const out: number[] = [];
  for (let i = Math.floor(lo / step); i * step < hi + step; i++) out.push(Number((i * step).toPrecision(12)));
  return out;
}

export default function LabFrontierChart({ result }: { result: LabResult }) {
  const point = (id: string, name: string, x: { mean: number; lo: number; hi: number }, y: { mean: number; lo: number; hi: number }): Point => ({
    id, name, x: x.mean, y: y.mean, ex: [x.mean - x.lo, x.hi - x.mean], ey: [y.mean - y.lo, y.hi - y.mean], xLo: x.lo, xHi: x.hi, yLo: y.lo, yHi: y.hi,
  });
  const policies = result.policies.map((p) => point(p.id, p.name, p.unmetDemandShare, p.cost));
  const oracle = point('Oracle', 'Hindsight oracle', { mean: 0, lo: 0, hi: 0 }, result.oracle.cost);
  const all = [...policies, oracle];
  const xTicks = niceTicks(Math.min(0, ...all.map((p) => p.xLo)), Math.max(0.05, ...all.map((p) => p.xHi)));
  const yTicks = niceTicks(Math.max(0, Math.min(...all.map((p) => p.yLo))), Math.max(...all.map((p) => p.yHi)));
  return (
    <div className="lab-chart" role="img" aria-label="Cost versus unmet-demand share per policy, with 95% intervals" data-testid="lab-frontier-chart">
      <ResponsiveContainer width="100%" height={320}>
        <ScatterChart margin={{ top: 16, right: 28, bottom: 28, left: 8 }}>
          <CartesianGrid stroke="#e6e8eb" />
          <XAxis type="number" dataKey="x" name="Unmet demand" domain={[xTicks[0]!, xTicks[xTicks.length - 1]!]} ticks={xTicks} tickFormatter={pct} fontSize={11} label={{ value: 'Unmet-demand share (need days without premium)', position: 'insideBottom', offset: -16, fill: '#57606a', fontSize: 12 }} />
          <YAxis type="number" dataKey="y" name="Cost" domain={[yTicks[0]!, yTicks[yTicks.length - 1]!]} ticks={yTicks} tickFormatter={money} fontSize={11} width={60} label={{ value: 'Cost over the horizon', angle: -90, position: 'insideLeft', offset: 4, fill: '#57606a', fontSize: 12, dy: 70 }} />
          <Tooltip content={<FrontierTooltip />} />
          <Legend verticalAlign="top" height={28} wrapperStyle={{ fontSize: 12 }} />
          {[...policies, oracle].map((p, i) => (
            <Scatter key={p.id} name={p.id === 'Oracle' ? 'Oracle' : `${p.id}`} data={[p]} fill={LAB_COLORS[p.id === 'Oracle' ? 'oracle' : p.id]} shape={p.id === 'Oracle' ? 'square' : 'circle'} isAnimationActive={false}>
              <ErrorBar dataKey="ex" direction="x" width={4} stroke={LAB_COLORS[p.id === 'Oracle' ? 'oracle' : p.id]} isAnimationActive={false} />
              <ErrorBar dataKey="ey" direction="y" width={4} stroke={LAB_COLORS[p.id === 'Oracle' ? 'oracle' : p.id]} isAnimationActive={false} />
              <LabelList dataKey="id" position={LABEL_POSITIONS[i % LABEL_POSITIONS.length]!} offset={8} fontSize={11} fill="#1b1f24" />
            </Scatter>
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
