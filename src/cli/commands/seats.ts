import type { Command } from 'commander';
import { getSeatSummary } from '../../app/seats/seat-summary.ts';
import { centsToDecimal } from '../../domain/money.ts';
import { formatTable } from '../output.ts';
import { cliActor, parseFormat, printJson, withRuntime } from '../run.ts';

export function registerSeatCommands(program: Command) {
  const seats = program.command('seats').description('Seat inventory and assignments');
  seats
    .command('show')
    .description('Per tier: purchased, assigned, free and monthly cost')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      return withRuntime(
        'seats show',
        async (runtime) => {
          const tiers = await getSeatSummary(runtime.ctx, (await cliActor(runtime)).orgId);
          printSeats({ tiers: tiers.map((t) => ({ vendor: t.vendor, plan: t.plan, tier: t.tier, purchased: t.purchased, assigned: t.assigned, free: t.free, monthlyCost: centsToDecimal(t.monthlyCostCents) })), monthlyCost: centsToDecimal(tiers.reduce((n, t) => n + t.monthlyCostCents, 0)) }, format);
        },
        async (client) => {
          const summary = (await client('GET', '/api/seats')) as SeatSummary;
          printSeats({ tiers: summary.tiers.map(({ vendor, plan, tier, purchased, assigned, free, monthlyCost }) => ({ vendor, plan, tier, purchased, assigned, free, monthlyCost })), monthlyCost: summary.monthlyCost }, format);
        },
      );
    });
}

type SeatSummary = { tiers: Array<{ vendor: string; plan: string; tier: string; purchased: number; assigned: number; free: number; monthlyCost: string }>; monthlyCost: string };

function printSeats(summary: SeatSummary, format: 'json' | 'table') {
  if (format === 'json') return printJson(summary);
  process.stdout.write(
    `${formatTable(['VENDOR', 'PLAN', 'TIER', 'PURCHASED', 'ASSIGNED', 'FREE', 'MONTHLY USD'], summary.tiers.map((t) => [t.vendor, t.plan, t.tier, t.purchased, t.assigned, t.free, t.monthlyCost]))}\nTotal per month: $${summary.monthlyCost}\n`,
  );
}
