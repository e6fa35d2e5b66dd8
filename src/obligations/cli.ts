import type { Command } from 'commander';
import type { CalendarView, CalendarYearView } from '../../contract/calendar.js';
import { AppError } from '../platform/errors.js';
import { callApi } from './api-client.js';
import {
  cliActor,
  configFrom,
  dataOptions,
  progress,
  requireToken,
  runningServer,
  tokenOption,
  withServices,
  type DataOptions,
  readInputFile,
} from './common.js';

const line = (y: CalendarYearView) =>
  `${y.year}  ${(y.source === 'shipped' ? 'shipped' : `added by ${y.addedBy}`).padEnd(20)} ${String(y.daysOff.length).padStart(2)} holidays, ${y.workingWeekends.length} weekend days worked  ${y.reference}\n`;

export function registerCalendarCommands(program: Command): void {
  const calendar = program
    .command('calendar')
    .description(
      'the PRC working-day calendar: the years shipped in catalog/holidays.yaml and the years added from the State Council General Office notice',
    );

  dataOptions(
    calendar
      .command('list')
      .description('every year known, with the notice it comes from')
      .option('--json', 'print JSON')
      .addOption(tokenOption()),
  ).action(async (opts: DataOptions & { json?: boolean; token?: string }) => {
    const config = configFrom(opts);
    const server = runningServer(config);
    const view: CalendarView = server
      ? await callApi<CalendarView>(
          server.url,
          requireToken(config, server, opts.token),
          'GET',
          '/api/calendar',
        )
      : await withServices(config, 'wangan calendar list', (s) => s.calendar.view());
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      return;
    }
    for (const y of view.years) process.stdout.write(line(y));
  });

  dataOptions(
    calendar
      .command('add <file>')
      .description(
        "add a year from its notice: a YAML file with year, reference (the notice's document number), notice {zh, en}, days_off ([first, last] ranges or dates) and working_weekends; admin only",
      )
      .addOption(tokenOption()),
  ).action(async (file: string, opts: DataOptions & { token?: string }) => {
    const config = configFrom(opts);
    const yaml = readInputFile(file);
    progress(`adding the year in ${file} to the working-day calendar`);
    const server = runningServer(config);
    try {
      const added = server
        ? await callApi<CalendarYearView>(
            server.url,
            requireToken(config, server, opts.token),
            'POST',
            '/api/calendar/years',
            { yaml },
          )
        : await withServices(config, 'wangan calendar add', async (s) => {
            const y = await s.calendar.addYear(cliActor, yaml);
            await s.audit.record({
              actor: cliActor,
              action: 'calendar.add_year',
              detail: { year: y.year, reference: y.reference, file },
            });
            return y;
          });
      process.stdout.write(
        `Added ${added.year} (${added.reference}): working-day deadlines in ${added.year} are no longer estimates.\n`,
      );
    } catch (err) {
      const issues = (err instanceof AppError ? err.details : undefined) as
        { path: string; message: string }[] | undefined;
      if (Array.isArray(issues)) for (const i of issues) process.stderr.write(`  ${i.path}: ${i.message}\n`);
      throw err;
    }
  });
}
