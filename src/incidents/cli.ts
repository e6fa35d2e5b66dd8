import type { Command } from 'commander';
import YAML from 'yaml';
import type { CliKit } from '../platform/cli-kit.js';
import { systemClock, type Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
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
 * exits 2.
 */
export function incidentsCli(program: Command, kit: CliKit, opts: IncidentsCliOptions = {}): void {
  const clock = opts.clock ?? systemClock;
  const env = () => opts.env ?? process.env;
  const incidents = program
    .command('incidents')
    .description(
      'incident response: the grade of an incident and its statutory reporting clocks (2025 Incident Reporting Measures); needs no database',
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
}
