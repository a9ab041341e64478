import type { LabResult } from './lab/types.ts';

/**
 * Renders the policy lab's HTML report from a result. A hook for the report issue: `seatwise simulate
 * --report FILE` calls it and writes what it returns. Until that lands it renders a minimal page with
 * the result as JSON, so the hook is exercised end to end.
 */
export function renderLabReport(result: LabResult): string {
  const json = JSON.stringify({ scenario: result.scenario, seeds: result.seeds, oracle: result.oracle, policies: result.policies }, null, 2).replace(/</g, '\\u003c');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Policy lab: ${escapeHtml(result.scenario.name)}</title></head>\n<body><h1>Policy lab: ${escapeHtml(result.scenario.name)}</h1>\n<p>The full report is not built yet; the result follows as JSON.</p>\n<pre>${escapeHtml(json)}</pre></body></html>\n`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
