import { addDays, weekdayOf } from '../../domain/dates.ts';
import { AppError } from '../../errors.ts';
import { INPUT_USD_PER_MTOK, OUTPUT_USD_PER_MTOK, type DemoPerson, type DemoUsage } from '../../sim/demo-company.ts';
import type { AppContext } from '../context.ts';
import { chunksOf, importUsageCsv } from './import-usage-csv.ts';

/** Days of the demo's history that arrive through the CSV importer rather than being generated in place. */
export const DEMO_IMPORTED_DAYS = 7;

const HEADER = 'date,email,source,messages,input_tokens,output_tokens,cost_usd,limit_hits,active_minutes';
/** Identities in the demo export that match nobody in the directory: a contractor's seat and a mail alias. */
export const DEMO_CONTRACTOR_EMAIL = 'k.novak@designpartner.example';
const OLD_MAIL_DOMAIN = 'kestrel-devices.example';

/**
 * The demo's import trail, through the real importer, as an IT admin would leave it: the last week of
 * claude.ai usage arrives as a CSV export. The first upload is refused (one date typed the European way
 * and one cost with a decimal comma, as a spreadsheet saves them) and writes nothing; the corrected file
 * goes in. The export also holds two identities Seatwise does not know, which wait in the unmatched list
 * with their usage: a design contractor on a company seat and a software engineer's address from the old
 * mail domain.
 */
export async function seedUsageImportsDemo(ctx: AppContext, orgId: string, input: { people: ReadonlyArray<DemoPerson & { id: string }>; usage: readonly DemoUsage[]; today: string }): Promise<void> {
  const admin = input.people.find((p) => p.roles.includes('admin'));
  const engineer = input.people.find((p) => p.department === 'Software' && !p.isLead);
  if (!admin || !engineer) throw new Error('the demo company has no IT admin or no software engineer');
  const actor = { kind: 'person', orgId, personId: admin.id, grants: [] } as const;
  const from = addDays(input.today, -DEMO_IMPORTED_DAYS);
  const emailOf = new Map(input.people.map((p) => [p.key, p.email]));
  const rows: ExportRow[] = input.usage.filter((u) => u.day >= from).map(({ personKey, ...u }) => ({ ...u, email: emailOf.get(personKey)! }));
  // Unknown identities on working days: the contractor most days, the alias now and then.
  for (let i = 0; i < DEMO_IMPORTED_DAYS; i++) {
    const day = addDays(from, i);
    const weekday = weekdayOf(day);
    if (weekday === 0 || weekday === 6) continue;
    rows.push(unknownUsage(DEMO_CONTRACTOR_EMAIL, day, 18 + i * 3));
    if (i % 2 === 0) rows.push(unknownUsage(`${engineer.email.split('@')[0]}@${OLD_MAIL_DOMAIN}`, day, 6 + i));
  }
  rows.sort((a, b) => (a.day === b.day ? (a.email < b.email ? -1 : 1) : a.day < b.day ? -1 : 1));
  const lines = rows.map((r) => [r.day, r.email, 'claude_ai', r.messages, r.inputTokens, r.outputTokens, r.costUsd, r.limitHits, r.activeMinutes].join(','));
  const filename = `claude-ai-usage-${from}-to-${addDays(input.today, -1)}.csv`;

  const spreadsheet = [...lines];
  spreadsheet[3] = spreadsheet[3]!.replace(/^(\d{4})-(\d{2})-(\d{2})/, (_all, y: string, m: string, d: string) => `${d}.${m}.${y}`);
  spreadsheet[12] = spreadsheet[12]!.replace(/,(\d+)\.(\d{4}),/, (_all, whole: string, fraction: string) => `,"${whole},${fraction}",`);
  const refused = await importUsageCsv(ctx, actor, { bytes: chunksOf(csvBytes(spreadsheet)), filename }).then(
    () => false,
    (error: unknown) => {
      // Only the refusal of the file is expected; anything else is a real failure.
      if (error instanceof AppError && error.code === 'IMPORT_FAILED') return true;
      throw error;
    },
  );
  if (!refused) throw new Error('the demo export with a European date and a decimal comma was imported');
  await importUsageCsv(ctx, actor, { bytes: chunksOf(csvBytes(lines)), filename });
}

type ExportRow = Omit<DemoUsage, 'personKey'> & { email: string };

function unknownUsage(email: string, day: string, messages: number): ExportRow {
  const inputTokens = messages * 1700;
  const outputTokens = messages * 400;
  return { email, day, messages, inputTokens, outputTokens, costUsd: ((inputTokens * INPUT_USD_PER_MTOK + outputTokens * OUTPUT_USD_PER_MTOK) / 1_000_000).toFixed(4), limitHits: 0, activeMinutes: messages * 3 };
}

const csvBytes = (lines: readonly string[]) => new TextEncoder().encode(`${HEADER}\n${lines.join('\n')}\n`);
