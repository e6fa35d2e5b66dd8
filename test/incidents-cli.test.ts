import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command, CommanderError } from 'commander';
import { createKit } from '../src/cli/common.js';
import { incidentsCli } from '../src/incidents/cli.js';
import { fixedClock } from '../src/platform/clock.js';
import { isAppError, type AppError } from '../src/platform/errors.js';
import { tmp } from './cli-helpers.js';

/**
 * `wangan incidents ...` run in this process on a program of its own (the
 * module is not wired into the program yet), with the real kit writing to
 * buffers and the exit codes the CLI gives (src/cli/program.ts runCli): 0,
 * or 2 for bad usage and bad input.
 */
const now = new Date('2026-03-01T16:00:00Z'); // 2026-03-02 00:00 Beijing time
async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io = { out: (t: string) => void (stdout += t), err: (t: string) => void (stderr += t) };
  const program = new Command('wangan')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  incidentsCli(
    program,
    createKit(io, () => {}),
    { clock: fixedClock(now), env },
  );
  let code = 0;
  let error: AppError | undefined;
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode === 0 ? 0 : 2;
    else if (isAppError(err)) {
      error = err;
      io.err(`error [${err.code}]: ${err.message}\n`);
      code = err.status >= 500 ? 1 : 2;
    } else throw err;
  }
  return { code, stdout, stderr, error };
}

const dir = tmp();
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const facts = (v: unknown) => file(`facts-${Math.random().toString(36).slice(2)}.json`, JSON.stringify(v));
const ordinary = file('ordinary.yaml', 'name: 某某科技有限公司\n');
const ciiOperator = file('cii.yaml', 'name: 某某电力公司\ncii:\n  operator: true\n  sector: energy\n');
const centralOrgan = file(
  'central.yaml',
  'name: 某部信息中心\ncentral_state_organ: true\ncii:\n  operator: true\n',
);

describe('wangan incidents grade', () => {
  it('prints the grade, its labels and every rule that fired, as JSON of exactly that shape', async () => {
    const r = await run(['incidents', 'grade', facts({ pi_individuals: 1_000_000 }), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      grade: 'III',
      label: { zh: '较大', en: 'Significant' },
      fired: [{ fact: 'pi_individuals', value: 1_000_000, threshold: 1_000_000, grade: 'III' }],
    });
  });

  it('with none firing: IV and fired empty', async () => {
    const r = await run(['incidents', 'grade', facts({ pi_individuals: 10, direct_loss_rmb: 0 }), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { grade: 'IV', label: { zh: '一般', en: 'General' }, fired: [] });
  });

  it('several rules: all listed, the highest grade wins; uncertain ones noted on stderr, the JSON unchanged', async () => {
    const r = await run([
      'incidents',
      'grade',
      facts({ direct_loss_rmb: 30_000_000, cii_whole_outage_hours: 2 }),
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { grade: string; fired: Record<string, unknown>[] };
    assert.equal(out.grade, 'II');
    assert.deepEqual(out.fired, [
      { fact: 'direct_loss_rmb', value: 30_000_000, threshold: 20_000_000, grade: 'II' },
      { fact: 'cii_whole_outage_hours', value: 2, threshold: 2, grade: 'II' },
      { fact: 'direct_loss_rmb', value: 30_000_000, threshold: 5_000_000, grade: 'III' },
      { fact: 'cii_whole_outage_hours', value: 2, threshold: 0.5, grade: 'III' },
    ]);
    assert.match(
      r.stderr,
      /Not verified against the published text, configurable: cii_whole_outage_hours\.II, cii_whole_outage_hours\.III/,
    );
  });

  it('reads the uncertain thresholds from the environment', async () => {
    const f = facts({ cii_whole_outage_hours: 1 });
    assert.equal(JSON.parse((await run(['incidents', 'grade', f, '--json'])).stdout).grade, 'III');
    const r = await run(['incidents', 'grade', f, '--json'], {
      WANGAN_INCIDENTS_THRESHOLD_CII_WHOLE_OUTAGE_HOURS_II: '1',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).grade, 'II');
    assert.match(
      r.stderr,
      /WANGAN_INCIDENTS_THRESHOLD_CII_WHOLE_OUTAGE_HOURS_II=1 replaces the catalogue's 2/,
    );
    const bad = await run(['incidents', 'grade', f], { WANGAN_INCIDENTS_THRESHOLD_PI_INDIVIDUALS_II: '1' });
    assert.equal(bad.code, 2);
    assert.equal(bad.error?.field, 'WANGAN_INCIDENTS_THRESHOLD_PI_INDIVIDUALS_II');
  });

  it('prints readable text by default, with the Chinese and English labels', async () => {
    const r = await run(['incidents', 'grade', facts({ pi_individuals: 12_000_000 })]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Grade II: Major \/ 重大\n/);
    assert.match(r.stdout, /II {2}pi_individuals = 12,000,000 individuals, at or above 10,000,000/);
    assert.match(r.stdout, /Individuals whose personal information leaked \/ 个人信息泄露涉及的人数/);
    assert.match(r.stdout, /依据：《国家网络安全事件报告管理办法》附件《网络安全事件分级指南》/);
  });

  it('refuses bad facts with exit 2, naming the field in both languages', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ pi_individuals: -5 }, 'pi_individuals', /不能为负数/],
      [{ pi_individuals: 'many' }, 'pi_individuals', /应为数值/],
      [{ category: 'alien_invasion' }, 'category', /事件类别/],
      [{ pi_people: 1 }, 'pi_people', /未知的事件事实/],
    ];
    for (const [input, field, zh] of cases) {
      const r = await run(['incidents', 'grade', facts(input), '--json']);
      assert.equal(r.code, 2, JSON.stringify(input));
      assert.equal(r.stdout, '');
      assert.equal(r.error?.field, field);
      assert.match(r.error!.messages.zh, zh);
      assert.match(r.stderr, new RegExp(`error \\[validation_failed\\]: .*${field}`));
    }
    const notJson = await run(['incidents', 'grade', file('broken.json', '{ pi_individuals: 1')]);
    assert.equal(notJson.code, 2);
    assert.match(notJson.error!.messages.zh, /不是有效的JSON文件/);
    const missing = await run(['incidents', 'grade', path.join(dir, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.equal(missing.error?.code, 'not_found');
    assert.equal((await run(['incidents', 'grade'])).code, 2, 'a missing argument is bad usage');
  });
});

describe('wangan incidents deadline', () => {
  const deadline = async (profile: string, ...extra: string[]) => {
    const r = await run([
      'incidents',
      'deadline',
      profile,
      '--grade',
      'III',
      '--discovered',
      '2026-03-01T23:30',
      '--json',
      ...extra,
    ]);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown;
  };

  it('a 较大 incident discovered at 23:30 (Beijing time, no offset): 03:30 for an ordinary operator, to the provincial CAC', async () => {
    assert.deepEqual(await deadline(ordinary), {
      mandatory: true,
      reports: [
        {
          due: '2026-03-02T03:30:00+08:00',
          within: 'PT4H',
          to: { zh: '属地省级网信部门', en: 'the provincial cyberspace administration' },
        },
      ],
      final_report: { within: 'P30D' },
    });
  });

  it('00:30 when it involves CII; 01:30 for a central organ; both for a central organ’s CII incident', async () => {
    const cii = {
      due: '2026-03-02T00:30:00+08:00',
      within: 'PT1H',
      to: { zh: '保护工作部门和公安机关', en: 'the protection department and public security' },
    };
    const central = {
      due: '2026-03-02T01:30:00+08:00',
      within: 'PT2H',
      to: { zh: '本部门网信工作机构', en: "its department's cyber affairs unit" },
    };
    const final_report = { within: 'P30D' };
    assert.deepEqual(await deadline(ciiOperator, '--involves-cii'), {
      mandatory: true,
      reports: [cii],
      final_report,
    });
    // A CII operator's incident on another system follows the 4-hour rule.
    assert.equal(
      ((await deadline(ciiOperator)) as { reports: { within: string }[] }).reports[0]!.within,
      'PT4H',
    );
    assert.deepEqual(await deadline(centralOrgan), { mandatory: true, reports: [central], final_report });
    assert.deepEqual(await deadline(centralOrgan, '--involves-cii'), {
      mandatory: true,
      reports: [cii, central],
      final_report,
    });
  });

  it('an offset given is honoured: 15:30Z is 23:30 in Beijing', async () => {
    const r = await run([
      'incidents',
      'deadline',
      ordinary,
      '--grade',
      'I',
      '--discovered',
      '2026-03-01T15:30:00Z',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      (JSON.parse(r.stdout) as { reports: { due: string }[] }).reports[0]!.due,
      '2026-03-02T03:30:00+08:00',
    );
  });

  it('nothing mandatory below III: reports empty, final_report null', async () => {
    const r = await run([
      'incidents',
      'deadline',
      centralOrgan,
      '--grade',
      'IV',
      '--discovered',
      '2026-03-01T23:30',
      '--involves-cii',
      '--json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { mandatory: false, reports: [], final_report: null });
  });

  it('prints readable text by default', async () => {
    const r = await run([
      'incidents',
      'deadline',
      centralOrgan,
      '--grade',
      'II',
      '--discovered',
      '2026-03-01T23:30',
      '--involves-cii',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Grade II \(Major \/ 重大\): reporting is mandatory/);
    assert.match(
      r.stdout,
      /by 2026-03-02T00:30:00\+08:00 {2}within 1 hour of discovery, to the protection department and public security \/ 保护工作部门和公安机关/,
    );
    assert.match(r.stdout, /by 2026-03-02T01:30:00\+08:00 {2}within 2 hours of discovery/);
    assert.match(
      r.stdout,
      /《国家网络安全事件报告管理办法》第四条；《关键信息基础设施安全保护条例》第十八条/,
    );
    assert.match(r.stdout, /Final report within 30 days after handling ends/);
  });

  it('refuses a discovery time in the future, a bad time, a bad grade and a bad profile with exit 2', async () => {
    const future = await run([
      'incidents',
      'deadline',
      ordinary,
      '--grade',
      'III',
      '--discovered',
      '2026-03-02T01:00',
      '--json',
    ]);
    assert.equal(future.code, 2);
    assert.equal(future.stdout, '');
    assert.equal(future.error?.field, 'discovered_at');
    assert.match(future.error!.messages.zh, /发现时间.*不能是将来的时间/);
    assert.match(future.error!.messages.en, /is in the future/);

    const badTime = await run([
      'incidents',
      'deadline',
      ordinary,
      '--grade',
      'III',
      '--discovered',
      '2026-03-01',
    ]);
    assert.equal(badTime.code, 2);
    assert.equal(badTime.error?.field, '--discovered');

    const badGrade = await run([
      'incidents',
      'deadline',
      ordinary,
      '--grade',
      'V',
      '--discovered',
      '2026-03-01T23:30',
    ]);
    assert.equal(badGrade.code, 2);
    assert.equal(badGrade.error?.field, '--grade');

    const badProfile = await run([
      'incidents',
      'deadline',
      file('bad.yaml', 'name: X\ncentral_organ: true\n'),
      '--grade',
      'III',
      '--discovered',
      '2026-03-01T23:30',
    ]);
    assert.equal(badProfile.code, 2);
    assert.match(badProfile.error!.messages.en, /central_organ/);
    assert.match(badProfile.error!.messages.zh, /单位画像有误/);

    assert.equal(
      (await run(['incidents', 'deadline', ordinary, '--discovered', '2026-03-01T23:30'])).code,
      2,
      '--grade is required',
    );
  });
});

describe('wangan incidents thresholds', () => {
  it('lists every threshold with its variable, fixed or uncertain', async () => {
    const r = await run(['incidents', 'thresholds', '--json'], {
      WANGAN_INCIDENTS_THRESHOLD_TAMPERED_CONTENT_VIEWS_III: '20000',
    });
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as {
      rule: string;
      threshold: number;
      uncertain: boolean;
      overridden: boolean;
      variable: string | null;
    }[];
    assert.deepEqual(
      rows.find((x) => x.rule === 'pi_individuals.III'),
      {
        rule: 'pi_individuals.III',
        fact: 'pi_individuals',
        grade: 'III',
        threshold: 1_000_000,
        catalog_threshold: 1_000_000,
        uncertain: false,
        overridden: false,
        variable: null,
      },
    );
    const views = rows.find((x) => x.rule === 'tampered_content_views.III')!;
    assert.deepEqual(
      [views.threshold, views.overridden, views.variable],
      [20000, true, 'WANGAN_INCIDENTS_THRESHOLD_TAMPERED_CONTENT_VIEWS_III'],
    );
    const text = await run(['incidents', 'thresholds']);
    assert.match(
      text.stdout,
      /cii_whole_outage_hours\.II +2 {2}uncertain {2}WANGAN_INCIDENTS_THRESHOLD_CII_WHOLE_OUTAGE_HOURS_II/,
    );
  });
});

describe('wangan incidents check', () => {
  it('lists the reports owed from the data; exit 3 when one is overdue, 0 when none is', async () => {
    const { cli } = await import('./cli-helpers.js');
    const { buildApp } = await import('../src/app.js');
    const { fakePdf, testConfig } = await import('./helpers.js');
    const data = tmp();
    assert.equal(
      (await cli(['init', '--data', data, '--admin', 'boss', '--password', 'boss-password-1'])).code,
      0,
    );
    assert.equal((await cli(['incidents', 'check', '--data', data])).code, 0, 'nothing owed yet');

    const app = await buildApp({ config: testConfig({ dataDir: data }), jobs: false, printPdf: fakePdf });
    try {
      if (!(await app.services.organisation.exists()))
        await app.services.organisation.create({ name: 'Check Co.' }, false);
      const boss = await app.services.auth.findActor('boss');
      // Found five hours ago, grade III (6 million yuan lost): its 4-hour report is overdue.
      await app.services.incidents.open(boss, {
        title: 'ransomware on billing',
        category: 'malicious_program',
        description: '',
        discoveredAt: new Date(Date.now() - 5 * 3_600_000).toISOString(),
        occurredAt: null,
        location: '',
        involvesCii: false,
        personalInformation: false,
        systemIds: [],
        observables: [],
        facts: { direct_loss_rmb: 6_000_000 },
      });
    } finally {
      await app.close();
    }
    const text = await cli(['incidents', 'check', '--data', data]);
    assert.equal(text.code, 3, text.stderr);
    assert.match(text.stdout, /OVERDUE 已逾期 .*\(Beijing\).*ransomware on billing/);
    const j = await cli(['incidents', 'check', '--data', data, '--json']);
    assert.equal(j.code, 3);
    const parsed = JSON.parse(j.stdout) as {
      overdue: number;
      items: { obligations: string[]; status: string }[];
    };
    assert.equal(parsed.overdue, 1);
    assert.deepEqual(parsed.items[0]!.obligations, ['csl.incident-report']);
  });
});
