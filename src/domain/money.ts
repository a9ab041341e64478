/** Integer cents. Money is never a float: sums of cents are exact. */
export type Cents = number;

/** The largest amount of money Seatwise stores: department_quotas.monthly_budget is numeric(12, 2), the narrowest column money ends up in. */
export const MAX_MONEY = '9999999999.99';

const DECIMAL = /^(-)?(\d+)(?:\.(\d{0,4}))?$/;

/**
 * Converts a decimal string (as PostgreSQL numeric arrives) to integer cents, rounding half away from
 * zero beyond the second decimal. Throws on anything that is not a plain decimal.
 */
export function decimalToCents(value: string): Cents {
  const match = DECIMAL.exec(value.trim());
  if (!match) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ''] = match;
  const padded = (fraction + '0000').slice(0, 4);
  const hundredths = Number(whole) * 100 + Number(padded.slice(0, 2));
  const rest = Number(padded.slice(2));
  const cents = hundredths + (rest >= 50 ? 1 : 0);
  return sign ? -cents : cents;
}

/** Formats cents as a plain decimal string with two places ("1234.50"). */
export function centsToDecimal(cents: Cents): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
