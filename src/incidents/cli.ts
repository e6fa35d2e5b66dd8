import type { Command } from 'commander';
import YAML from 'yaml';
import type { Deadline } from '../../contract/status.js';
import type { CliKit, DataOptions } from '../platform/cli-kit.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import { beijingDateTime } from '../platform/time.js';
import { parseProfile, ProfileError } from '../obligations/profile.js';
import { loadIncidentsCatalog } from './catalog-io.js';
import { parseInstant, reportingDeadlines } from './clocks.js';
import { grade, parseGrade } from './grading.js';
import {
  deadlineJson,
  deadlineText,
  gradeJson,
  gradeText,
  thresholdNotes,
  thresholdsJson,
  thresholdsText,
} from './present.js';
import { gradingRules } from './thresholds.js';

export interface IncidentsCliOptions {
  /** "Now", for refusing a discovery time in the future (a test passes a fixed clock). */
  clock?: Clock;
  /** Where the threshold overrides are read (default: the process's environment). */
  env?: NodeJS.ProcessEnv;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * `wangan incidents grade | deadline | thresholds`: the pure incident rules
 * on the command line. They need no server and no database (they never
 * open the data): the catalogue, the files named and the environment's
 * threshold overrides. Text by default, `--json` for scripts; bad input
 * exits 2. `wangan incidents check` reads the data (or asks the running
 * server): the reporting clocks still running, exit 3 when one is overdue.
 */
export function incidentsCli(program: Command, kit: CliKit, opts: IncidentsCliOptions = {}): void {
  const clock = opts.clock ?? systemClock;
  const env = () => opts.env ?? process.env;
  const incidents = program
    .command('incidents')
    .description(
      'incident response: the grade of an incident and its statutory reporting clocks (2025 Incident Reporting Measures); grade, deadline and thresholds need no database',
    );

  incidents
    .command('grade <facts>')
    .description(
      'the grade (I-IV) of an incident from a JSON file of its facts (pi_individuals, direct_loss_rmb, cii_whole_outage_hours, ...; see `wangan incidents thresholds`), with every rule that fired',
    )
    .option('--json', 'print JSON')
    .action((file: string, o: { json?: boolean }) => {
      const text = kit.readInputFile(file);
      let facts: unknown;
      try {
        facts = JSON.parse(text);
      } catch (err) {
        throw new AppError(
          'validation_failed',
          {
            zh: `${file} 不是有效的JSON文件：${(err as Error).message}`,
            en: `${file} is not valid JSON: ${(err as Error).message}`,
          },
          { field: 'facts' },
          'facts',
        );
      }
      const catalog = loadIncidentsCatalog();
      const rules = gradingRules(catalog, env());
      const result = grade(facts, rules);
      if (o.json) {
        kit.out(json(gradeJson(result)));
        // The JSON keeps its contract; what the grade leaned on that is uncertain goes to stderr.
        for (const n of thresholdNotes(result)) kit.err(`note: ${n}\n`);
      } else kit.out(gradeText(result, rules, catalog));
    });

  incidents
    .command('deadline <profile>')
    .description(
      'whether an incident must be reported, to whom and by when (Beijing time), for the organisation profile that `wangan assess` reads',
    )
    .requiredOption('--grade <grade>', 'the incident grade: I, II, III or IV')
    .requiredOption(
      '--discovered <time>',
      'when the incident was discovered, ISO 8601 (2026-03-01T23:30; Beijing time when no offset is given)',
    )
    .option('--involves-cii', 'the incident involves critical information infrastructure')
    .option('--json', 'print JSON')
    .action(
      (file: string, o: { grade: string; discovered: string; involvesCii?: boolean; json?: boolean }) => {
        const g = parseGrade(o.grade, '--grade');
        const discoveredAt = parseInstant(o.discovered, '--discovered');
        let profile;
        try {
          profile = parseProfile(YAML.parse(kit.readInputFile(file)) as unknown);
        } catch (err) {
          if (err instanceof ProfileError)
            throw new AppError('validation_failed', err.messages, err.issues, err.issues[0]?.path);
          if (err instanceof AppError) throw err;
          throw new AppError(
            'validation_failed',
            {
              zh: `无法读取单位画像 ${file}：${(err as Error).message}`,
              en: `Cannot read the profile ${file}: ${(err as Error).message}`,
            },
            { field: 'profile' },
            'profile',
          );
        }
        const involvesCii = o.involvesCii === true;
        if (involvesCii && !profile.cii.operator)
          kit.err(
            'note: the profile does not name the organisation a CII operator (cii.operator); the incident is treated as involving CII as --involves-cii says / 单位画像未标明为关键信息基础设施运营者，仍按涉及关键信息基础设施计算\n',
          );
        const catalog = loadIncidentsCatalog();
        const deadlines = reportingDeadlines(
          { grade: g, discoveredAt, involvesCii, centralOrgan: profile.central_state_organ },
          catalog,
          clock.now(),
        );
        const labels = gradingRules(catalog).labels;
        kit.out(o.json ? json(deadlineJson(deadlines)) : deadlineText(deadlines, g, labels));
      },
    );

  incidents
    .command('thresholds')
    .description(
      'the grading thresholds in effect: which are fixed, which are uncertain and the WANGAN_INCIDENTS_THRESHOLD_<FACT>_<GRADE> variable that changes each',
    )
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) => {
      const rules = gradingRules(loadIncidentsCatalog(), env());
      kit.out(o.json ? json(thresholdsJson(rules)) : thresholdsText(rules));
    });

  kit
    .dataOptions(
      incidents
        .command('check')
        .description(
          "the incidents' reports still owed (initial reports counted in hours from discovery, final reports 30 days after handling ends), from the data or the running server; exit 3 when one is overdue (for a monitoring job)",
        )
        .option('--json', 'print JSON: {"overdue": n, "items": [...]}')
        .addOption(kit.tokenOption()),
    )
    .action(async (o: DataOptions & { json?: boolean; token?: string }) => {
      const config = kit.configFrom(o);
      const server = kit.runningServer(config);
      const items: Deadline[] = server
        ? (
            await kit.callApi<{ deadlines: Deadline[] }>(
              server.url,
              kit.requireToken(config, server, o.token),
              'GET',
              '/api/workspace',
            )
          ).deadlines.filter((d) => d.source === 'incidents')
        : await kit.withServices(config, 'wangan incidents check', (s) => s.incidents.openItems());
      const overdue = items.filter((d) => d.status === 'overdue').length;
      if (o.json) kit.out(json({ overdue, items }));
      else if (items.length === 0) kit.out('No incident report is owed. / 没有待报送的事件报告。\n');
      else
        for (const d of items)
          kit.out(
            `${d.status === 'overdue' ? 'OVERDUE 已逾期' : d.status.padEnd(12)}  ${d.dueAt ? `${beijingDateTime(new Date(d.dueAt))} (Beijing)` : 'no date yet 待定'}  ${d.label.en} / ${d.label.zh}: ${d.subject}\n`,
          );
      if (overdue > 0) kit.checkFailed();
    });
}
