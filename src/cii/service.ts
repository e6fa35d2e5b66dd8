import type { CiiOverview, TrainingPolicyView } from '../../contract/cii.js';
import type { Profile } from '../obligations/profile.js';
import { beijingYear } from '../platform/time.js';
import type { Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { RegistersService } from '../registers/service.js';
import type { EntryData, TrainingPolicySpec } from '../registers/spec.js';
import { trainingShortfalls } from './training.js';

const TRAINING_POLICY = 'cii.draft_training_policy';
const IDENTIFICATION = 'cii-identification';

/** Shapes the API answers (contract/cii.ts). */
export type { CiiOverview, TrainingPolicyView };

/**
 * CII duties on top of the registers: where the operator stands on
 * identification, and the 2017 draft's optional training-hours policy.
 */
export class CiiService {
  constructor(
    private readonly registers: RegistersService,
    private readonly profile: () => Promise<Profile>,
    private readonly policy: TrainingPolicySpec,
    private readonly clock: Clock,
  ) {}

  async overview(): Promise<CiiOverview> {
    const [profile, shown, ids] = await Promise.all([
      this.profile(),
      this.registers.isVisible('cii-annual-assessments'),
      this.registers.counted(IDENTIFICATION),
    ]);
    const identification = ids.length ? ids[ids.length - 1]! : null;
    const warnings: CiiOverview['warnings'] = [];
    const identified = identification?.data.status === 'identified';
    if (profile.cii.operator && !identification)
      warnings.push({
        code: 'no_identification',
        en: 'The profile says CII operator, but no identification notice is recorded.',
        zh: '单位档案为关键信息基础设施运营者，但未登记认定通知。',
      });
    if (identification && identified !== profile.cii.operator)
      warnings.push({
        code: 'profile_disagrees',
        en: `The latest identification (${identification.on}) says ${identified ? 'identified' : 'not identified'}; the profile says ${profile.cii.operator ? 'operator' : 'not an operator'}. Update the profile.`,
        zh: `最近的认定结果（${identification.on}）为${identified ? '已认定' : '未认定'}，与单位档案不一致，请更新档案。`,
      });
    if (identified && profile.cii.sector && identification.data.sector !== profile.cii.sector)
      warnings.push({
        code: 'sector_disagrees',
        en: `The identification names sector ${String(identification.data.sector)}; the profile says ${profile.cii.sector}.`,
        zh: '认定通知中的行业领域与单位档案不一致。',
      });
    return {
      profile: {
        operator: profile.cii.operator,
        voluntary: profile.cii.voluntary,
        sector: profile.cii.sector,
      },
      registers: shown,
      identification,
      warnings,
    };
  }

  async trainingPolicy(year = beijingYear(this.clock.now())): Promise<TrainingPolicyView> {
    const enabled = (await this.registers.setting(TRAINING_POLICY)) === 'on';
    const entries = await this.registers.counted(this.policy.register);
    const s = trainingShortfalls(
      this.policy,
      entries.map((e) => ({ data: e.data as EntryData })),
      year,
    );
    return { enabled, policy: this.policy, ...s };
  }

  async setTrainingPolicy(actor: Actor, enabled: boolean): Promise<TrainingPolicyView> {
    await this.registers.putSetting(actor, this.policy.register, TRAINING_POLICY, enabled ? 'on' : 'off');
    return this.trainingPolicy();
  }
}
