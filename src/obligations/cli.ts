import fs from 'node:fs';
import { type Command, Option } from 'commander';
import YAML from 'yaml';
import type { CalendarView, CalendarYearView } from '../../contract/calendar.js';
import type { CliKit, DataOptions } from '../platform/cli-kit.js';
import { AppError } from '../platform/errors.js';
import { assess } from './applicability.js';
import { loadCatalog } from './catalog-io.js';
import { parseProfile, ProfileError } from './profile.js';
import { formatAssessment, type ReportFormat } from './report.js';

const line = (y: CalendarYearView) =>
  `${y.year}  ${(y.source === 'shipped' ? 'shipped' : `added by ${y.addedBy}`).padEnd(20)} ${String(y.daysOff.length).padStart(2)} holidays, ${y.workingWeekends.length} weekend days worked  ${y.reference}\n`;

/** `wangan calendar list | add`. */
export function calendarCli(program: Command, kit: CliKit): void {
  const { dataOptions, configFrom, runningServer, requireToken, withServices, tokenOption } = kit;
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
      ? await kit.callApi<CalendarView>(
          server.url,
          requireToken(config, server, opts.token),
          'GET',
          '/api/calendar',
        )
      : await withServices(config, 'wangan calendar list', (s) => s.calendar.view());
    if (opts.json) {
      kit.out(`${JSON.stringify(view, null, 2)}\n`);
      return;
    }
    for (const y of view.years) kit.out(line(y));
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
    const yaml = kit.readInputFile(file);
    kit.progress(`adding the year in ${file} to the working-day calendar`);
    const server = runningServer(config);
    try {
      const added = server
        ? await kit.callApi<CalendarYearView>(
            server.url,
            requireToken(config, server, opts.token),
            'POST',
            '/api/calendar/years',
            { yaml },
          )
        : await withServices(config, 'wangan calendar add', async (s) => {
            const y = await s.calendar.addYear(kit.actor, yaml);
            await s.audit.record({
              actor: kit.actor,
              action: 'calendar.add_year',
              detail: { year: y.year, reference: y.reference, file },
            });
            return y;
          });
      kit.out(
        `Added ${added.year} (${added.reference}): working-day deadlines in ${added.year} are no longer estimates.\n`,
      );
    } catch (err) {
      const issues = (err instanceof AppError ? err.details : undefined) as
        { path: string; message: string }[] | undefined;
      if (Array.isArray(issues)) for (const i of issues) kit.err(`  ${i.path}: ${i.message}\n`);
      throw err;
    }
  });
}

/** `wangan assess PROFILE`: needs no database. */
export function assessCli(program: Command, kit: CliKit): void {
  program
    .command('assess <profile>')
    .description(
      'the duties that apply to an organisation profile (YAML or JSON), with citations, deadlines and fines; needs no database',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'md', 'json']).default('text'),
    )
    .action((file: string, opts: { format: ReportFormat }) => {
      let raw: unknown;
      try {
        raw = YAML.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        throw new AppError('validation_failed', `Cannot read the profile ${file}: ${(err as Error).message}`);
      }
      try {
        const result = assess(parseProfile(raw), loadCatalog());
        kit.out(formatAssessment(result, opts.format));
      } catch (err) {
        if (err instanceof ProfileError) throw new AppError('validation_failed', err.message, err.issues);
        throw err;
      }
    });
}
