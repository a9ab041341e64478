import type { Command } from 'commander';
import { listCampaigns } from '../../app/surveys/campaigns.ts';
import { getSurveyResults } from '../../app/surveys/results.ts';
import { listUseCases, type UseCase } from '../../app/use-cases/list-use-cases.ts';
import { AppError } from '../../errors.ts';
import { formatTable } from '../output.ts';
import { argumentsOk, cliActor, localDepartmentId, parseFormat, printJson, remoteDepartmentId, uuidArgument, withRuntime } from '../run.ts';
import type { UseCaseSchema } from '../../api/routes/governance/use-cases.routes.ts';
import type { z } from 'zod';
import type { SurveyCampaignRow, SurveyEstimateRow } from '../../db/repositories/governance.repository.ts';
import type { SurveyResults } from '../../app/surveys/results.ts';

/** `seatwise survey list|results`: demand-survey campaigns and their per-department results. */
export function registerSurveyCommands(survey: Command) {
  survey
    .command('list')
    .description('Survey campaigns, newest first, with their period, status and answers')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      const show = (items: readonly SurveyCampaignRow[]) => {
        if (format === 'json') return printJson({ items: items.map(({ hasAnswered: _h, ...c }) => c) });
        process.stdout.write(`${formatTable(['ID', 'TITLE', 'PERIOD', 'STATUS', 'ANSWERS', 'USD/HOUR'], items.map((c) => [c.id, c.title, `${c.periodStart}..${c.periodEnd}`, c.status, c.respondents, c.usdPerHour]))}\n`);
      };
      return withRuntime(
        'survey list',
        async (runtime) => show(await listCampaigns(runtime.ctx, await cliActor(runtime))),
        async (client) => show(((await client('GET', '/api/survey-campaigns')) as { items: SurveyCampaignRow[] }).items),
      );
    });

  survey
    .command('results [id]')
    .description('Per-department results of a campaign (default: the newest) and the survey estimates written from it')
    .option('--format <format>', 'json or table', 'table')
    .action(async (id: string | undefined, options: { format: string }) => {
      const format = parseFormat(options.format);
      if (!format || (id !== undefined && !(await argumentsOk(() => uuidArgument(id, '[id]'))))) return;
      type Results = { campaign: SurveyCampaignRow; departments: ReadonlyArray<Omit<SurveyResults['departments'][number], 'estimatedMonthlyCents'>>; estimates: readonly SurveyEstimateRow[] };
      const show = (r: Results) => {
        if (format === 'json') return printJson({ campaign: r.campaign, departments: r.departments.map(({ estimatedMonthlyCents: _c, ...d }: Results['departments'][number] & { estimatedMonthlyCents?: number }) => d), estimates: r.estimates });
        const written = new Map(r.estimates.map((e) => [e.departmentId, e.estimatedMonthlyUsd]));
        process.stdout.write(`${r.campaign.title} (${r.campaign.status}), ${r.campaign.periodStart}..${r.campaign.periodEnd}, $${r.campaign.usdPerHour}/hour (${r.campaign.rateSource})\n`);
        process.stdout.write(`${formatTable(['DEPARTMENT', 'ANSWERED', 'HEADCOUNT', 'AVG H/WEEK', 'EST USD/MONTH', 'WRITTEN'], r.departments.map((d) => [d.departmentName, d.respondents, d.headcount, d.averageWeeklyHours ?? '—', d.estimatedMonthlyUsd, written.get(d.departmentId) ?? '—']))}\n`);
      };
      const noCampaign = () => new AppError('NOT_FOUND', { message: 'No survey campaign yet' });
      return withRuntime(
        'survey results',
        async (runtime) => {
          const actor = await cliActor(runtime);
          const campaignId = id ?? (await listCampaigns(runtime.ctx, actor))[0]?.id;
          if (!campaignId) throw noCampaign();
          show(await getSurveyResults(runtime.ctx, actor, campaignId));
        },
        async (client) => {
          const campaignId = id ?? ((await client('GET', '/api/survey-campaigns')) as { items: Array<{ id: string }> }).items[0]?.id;
          if (!campaignId) throw noCampaign();
          show((await client('GET', `/api/survey-campaigns/${encodeURIComponent(campaignId)}/results`)) as Results);
        },
      );
    });
}

type UseCaseView = z.infer<typeof UseCaseSchema>;
/** The most use cases listed (the API's largest page). */
const LIST_LIMIT = 500;

/** `seatwise use-cases list`: the use-case library. */
export function registerUseCaseCommands(useCases: Command) {
  useCases
    .command('list')
    .description('Use cases, most voted first')
    .option('--search <words>', 'words to find (each as a prefix)')
    .option('--tag <tag>', 'only this tag')
    .option('--department <name>', 'only this department')
    .option('--format <format>', 'json or table', 'table')
    .action((options: { search?: string; tag?: string; department?: string; format: string }) => {
      const format = parseFormat(options.format);
      if (!format) return;
      type Listed = Omit<UseCase, 'hasUpvoted' | 'isUsing' | 'createdAt'> & { createdAt: Date | string };
      const show = (items: readonly Listed[], total: number) => {
        if (format === 'json') return printJson({ items, total });
        process.stdout.write(`${formatTable(['TITLE', 'DEPARTMENT', 'AUTHOR', 'TAGS', 'UPVOTES', 'USERS'], items.map((u) => [u.title, u.departmentName ?? '—', u.authorName, u.tags.join(','), u.upvotes, u.users]))}\n`);
      };
      const filters = { ...(options.search ? { search: options.search } : {}), ...(options.tag ? { tag: options.tag } : {}) };
      return withRuntime(
        'use-cases list',
        async (runtime) => {
          const actor = await cliActor(runtime);
          const departmentId = options.department ? await localDepartmentId(runtime, actor.orgId, options.department) : undefined;
          const page = await listUseCases(runtime.ctx, actor, { limit: LIST_LIMIT, ...filters, ...(departmentId ? { departmentId } : {}) });
          show(page.items.map(({ hasUpvoted: _u, isUsing: _i, ...u }) => u), page.total);
        },
        async (client) => {
          const query = new URLSearchParams({ limit: String(LIST_LIMIT), ...(filters.search ? { q: filters.search } : {}), ...(filters.tag ? { tag: filters.tag } : {}) });
          if (options.department) query.set('departmentId', await remoteDepartmentId(client, options.department));
          const page = (await client('GET', `/api/use-cases?${query}`)) as { items: UseCaseView[]; total: number };
          // The same fields, in the same order, as when the CLI reads the database itself.
          show(page.items.map((u) => ({ id: u.id, authorId: u.author.id, authorName: u.author.name, departmentId: u.department?.id ?? null, departmentName: u.department?.name ?? null, title: u.title, task: u.task, workflow: u.workflow, tools: u.tools, tags: u.tags, links: u.links, minutesSavedPerWeek: u.minutesSavedPerWeek, createdAt: u.createdAt, upvotes: u.upvotes, users: u.users })), page.total);
        },
      );
    });
}
