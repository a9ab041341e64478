/** Daily usage at API rates: history as a line up to today, then the P10–P90 band with the P50 line (recharts). */
import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ForecastSeries } from '../api/forecast.ts';
import { formatDate } from '../format.ts';

export default function ForecastFanChart({ series, today, label }: { series: ForecastSeries; today: string; label: string }) {
  const rows = [
    ...series.history.map((h) => ({ day: h.day, actual: h.usageUsd, band: null as [number, number] | null, p50: null as number | null })),
    ...series.forecast.map((f) => ({ day: f.day, actual: null as number | null, band: [f.p10, f.p90] as [number, number], p50: f.p50 })),
  ];
  const money = (v: number) => `$${v.toFixed(0)}`;
  return (
    <div role="img" aria-label={`${label}: daily usage at API rates, history and forecast P10–P90 band with median`} className="forecast-chart" data-testid="forecast-fan-chart">
      <ResponsiveContainer width="100%" height={280}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e6e8eb" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => formatDate(d, { month: 'short', day: 'numeric' })} minTickGap={28} fontSize={11} />
          <YAxis tickFormatter={money} fontSize={11} width={52} />
          <Tooltip formatter={(v: unknown) => (Array.isArray(v) ? `${money(Number(v[0]))} – ${money(Number(v[1]))}` : money(Number(v)))} labelFormatter={(d: unknown) => formatDate(String(d))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Area dataKey="band" name="Forecast P10–P90" fill="#a9c1ec" stroke="none" fillOpacity={0.7} isAnimationActive={false} />
          <Line dataKey="p50" name="Forecast P50" stroke="#2f6fdf" dot={false} strokeWidth={2} isAnimationActive={false} />
          <Line dataKey="actual" name="Actual demand" stroke="#3c4650" dot={false} strokeWidth={1.5} isAnimationActive={false} />
          <ReferenceLine x={today} stroke="#c0392b" strokeDasharray="4 3" label={{ value: 'today', position: 'insideTopRight', fontSize: 11, fill: '#c0392b' }} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
