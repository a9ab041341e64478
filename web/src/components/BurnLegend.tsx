/** Colors and legend of the budget burn chart (kept apart so the page does not pull recharts in eagerly). */
export const BURN_COLORS = { spent: '#1f4e79', over: '#a3262e', pace: '#8a4b00', budget: '#556275', today: '#5a3cc0' } as const;

export function BurnLegend() {
  return (
    <ul className="chart-legend" aria-hidden="true">
      <li>
        <span className="legend-swatch" style={{ background: BURN_COLORS.spent }} /> Spent to date
      </li>
      <li>
        <span className="legend-swatch legend-swatch-dashed" style={{ borderTopColor: BURN_COLORS.pace }} /> Budget pace
      </li>
      <li>
        <span className="legend-swatch legend-swatch-line" style={{ background: BURN_COLORS.budget }} /> Budget
      </li>
    </ul>
  );
}
