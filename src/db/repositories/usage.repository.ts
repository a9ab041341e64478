import { sql } from 'kysely';
import type { Database } from '../client.ts';

export type UsageInsert = Readonly<{
  personId: string;
  day: string;
  source: string;
  messages: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: string;
  limitHits: number;
  activeMinutes: number;
}>;

export type UsageTotals = Readonly<{ days: number; messages: number; costUsd: string; firstDay: string | null; lastDay: string | null }>;

export function createUsageRepository(db: Database) {
  return {
    async insertMany(orgId: string, rows: readonly UsageInsert[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 2000) {
        const chunk = rows.slice(i, i + 2000).map((r) => ({ orgId, ...r }));
        if (chunk.length) await db.insertInto('usageDaily').values(chunk).execute();
      }
    },
    async totals(orgId: string): Promise<UsageTotals> {
      const row = await db
        .selectFrom('usageDaily')
        .select((eb) => [
          eb.fn.countAll<number>().as('days'),
          eb.fn.coalesce(eb.fn.sum<number>('messages'), eb.lit(0)).as('messages'),
          eb.fn.coalesce(eb.fn.sum<string>('costUsd'), sql<string>`0`).as('costUsd'),
          eb.fn.min<string>('day').as('firstDay'),
          eb.fn.max<string>('day').as('lastDay'),
        ])
        .where('orgId', '=', orgId)
        .executeTakeFirstOrThrow();
      return { days: Number(row.days), messages: Number(row.messages), costUsd: String(row.costUsd), firstDay: row.firstDay ?? null, lastDay: row.lastDay ?? null };
    },
  };
}
export type UsageRepository = ReturnType<typeof createUsageRepository>;
