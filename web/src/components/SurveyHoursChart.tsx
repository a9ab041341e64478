/** Expected weekly hours per respondent, by department (recharts; loaded on demand with the survey results). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SurveyResults } from '../api/governance.ts';

export default function SurveyHoursChart({ departments }: { departments: SurveyResults['departments'] }) {
  const rows = departments.map((d) => ({ name: d.departmentName, hours: d.averageWeeklyHours ?? 0 }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={rows} margin={{ top: 12, right: 8, bottom: 4, left: -8 }}>
        <CartesianGrid stroke="#e9edf2" vertical={false} />
        <XAxis dataKey="name" tick={{ fill: '#556275', fontSize: 12 }} interval={0} />
        <YAxis tick={{ fill: '#556275', fontSize: 12 }} allowDecimals={false} />
        <Tooltip formatter={(v: unknown) => [`${v} h/week`, 'Average expected use']} />
        <Legend />
        <Bar isAnimationActive={false} dataKey="hours" name="Expected hours a week (average per respondent)" fill="#3b6fd8" radius={[3, 3, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  );
}
