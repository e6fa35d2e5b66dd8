import { profileSchema, type Profile, type ProfileInput } from '../obligations/profile.js';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import { AppError } from '../platform/errors.js';
import type { OrganisationOut } from './schema.js';
import type { OrganisationRow, OrganisationStore } from './store.js';

function toOut(row: OrganisationRow): OrganisationOut {
  const parsed = profileSchema.safeParse({ ...row.profile, name: row.name });
  return {
    id: row.id,
    name: row.name,
    isDemo: row.is_demo,
    profile: parsed.success ? parsed.data : profileSchema.parse({ name: row.name }),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The operator this installation serves, with the profile that decides its duties. */
const noOrganisation = {
  en: 'No organisation has been set up yet; run `wangan init`.',
  zh: '尚未建立单位信息，请先运行 wangan init 初始化。',
};

export class OrganisationService {
  constructor(
    private readonly store: OrganisationStore,
    private readonly clock: Clock,
  ) {}

  async exists(): Promise<boolean> {
    return (await this.store.first()) !== undefined;
  }

  async get(): Promise<OrganisationOut> {
    const row = await this.store.first();
    if (!row) throw new AppError('not_found', noOrganisation);
    return toOut(row);
  }

  async create(input: ProfileInput, isDemo: boolean): Promise<OrganisationOut> {
    const profile: Profile = profileSchema.parse(input);
    const row = await this.store.insert({ name: profile.name, profile, is_demo: isDemo }, this.clock.now());
    return toOut(row);
  }

  async update(actor: Actor, profile: Profile): Promise<OrganisationOut> {
    requireRole(actor, ['admin', 'compliance_officer']);
    const current = await this.store.first();
    if (!current) throw new AppError('not_found', noOrganisation);
    const row = await this.store.update(current.id, { name: profile.name, profile }, this.clock.now());
    if (!row) throw new AppError('not_found', {
        en: 'The organisation disappeared while saving.',
        zh: '保存时单位信息已不存在。',
      });
    return toOut(row);
  }
}
