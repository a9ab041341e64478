import { daysBetween } from './dates.ts';

/**
 * Tenure bands, for reporting only: the fairness audit and the compliance report group people by them;
 * no rule or decision ever takes tenure as an input. One definition, so both reports agree.
 */
export const TENURE_BANDS = ['< 1 year', '1–3 years', '3–7 years', '7+ years', 'unknown'] as const;
export type TenureBand = (typeof TENURE_BANDS)[number];

/** Tenure band of an employment start date on `asOf` (years as days / 365.25); 'unknown' without a date. */
export function tenureBandOf(employmentStartDate: string | null, asOf: string): TenureBand {
  if (!employmentStartDate) return 'unknown';
  const years = daysBetween(employmentStartDate, asOf) / 365.25;
  if (years < 1) return '< 1 year';
  if (years < 3) return '1–3 years';
  if (years < 7) return '3–7 years';
  return '7+ years';
}
