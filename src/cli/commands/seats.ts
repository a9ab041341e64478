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
    .action((options: { format: string }) =>
      withRuntime('seats show', async (runtime) => {
        const format = parseFormat(options.format);
        const tiers = await getSeatSummary(runtime.ctx, (await cliActor(runtime)).orgId);
        const total = tiers.reduce((n, t) => n + t.monthlyCostCents, 0);
        if (format === 'json') {
          printJson({
            tiers: tiers.map((t) => ({ vendor: t.vendor, plan: t.plan, tier: t.tier, purchased: t.purchased, assigned: t.assigned, free: t.free, monthlyCost: centsToDecimal(t.monthlyCostCents) })),
            monthlyCost: centsToDecimal(total),
          });
          return;
        }
        process.stdout.write(
          `${formatTable(['VENDOR', 'PLAN', 'TIER', 'PURCHASED', 'ASSIGNED', 'FREE', 'MONTHLY USD'], tiers.map((t) => [t.vendor, t.plan, t.tier, t.purchased, t.assigned, t.free, centsToDecimal(t.monthlyCostCents)]))}\nTotal per month: $${centsToDecimal(total)}\n`,
        );
      }),
    );
}
