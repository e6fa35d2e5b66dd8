import { profileSchema, type Profile, type ProfileInput } from '../obligations/profile.js';
import { requireRole, type Actor } from '../platform/auth/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Tx, UnitOfWork } from '../platform/db/unit-of-work.js';
import { AppError } from '../platform/errors.js';
import type { OrganisationOut } from './schema.js';
import type { OrganisationRow, OrganisationStore } from './store.js';

/**
 * Where the profile's systems live: the MLPS register (Governance), the one
 * list of the organisation's systems. The profile answers with it, and a
 * saved profile's list goes to it: declared systems added, changed or
 * removed, graded ones kept as graded (see GovernanceService).
 */
export interface SystemsRegister {
  profileSystems(): Promise<Profile['mlps']['systems']>;
  prepareProfileSystems(wanted: Profile['mlps']['systems']): Promise<(tx: Tx) => Promise<void>>;
}

function toOut(row: OrganisationRow, systems: Profile['mlps']['systems']): OrganisationOut {
  const parsed = profileSchema.safeParse({ ...row.profile, name: row.name });
  const profile = parsed.success ? parsed.data : profileSchema.parse({ name: row.name });
  return {
    id: row.id,
    name: row.name,
    isDemo: row.is_demo,
    profile: { ...profile, mlps: { ...profile.mlps, systems } },
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The stored profile keeps no list of systems: the register is the one list. */
function withoutSystems(profile: Profile): Profile {
  return { ...profile, mlps: { ...profile.mlps, systems: [] } };
}

/** The operator this installation serves, with the profile that decides its duties. */
const noOrganisation = {
  en: 'No organisation has been set up yet; run `wangan init`.',
  zh: '尚未建立单位信息，请先运行 wangan init 初始化。',
};

export class OrganisationService {
  /**
   * `systems` is looked up when called, not when built: Governance comes
   * after this module in the module list (src/modules.ts).
   */
  constructor(
    private readonly store: OrganisationStore,
    private readonly clock: Clock,
    private readonly uow: UnitOfWork,
    private readonly systems: () => SystemsRegister,
  ) {}

  async exists(): Promise<boolean> {
    return (await this.store.first()) !== undefined;
  }

  async get(): Promise<OrganisationOut> {
    const row = await this.store.first();
    if (!row) throw new AppError('not_found', noOrganisation);
    return toOut(row, await this.systems().profileSystems());
  }

  async create(input: ProfileInput, isDemo: boolean): Promise<OrganisationOut> {
    const profile: Profile = profileSchema.parse(input);
    const register = this.systems();
    const writeSystems = await register.prepareProfileSystems(profile.mlps.systems);
    const row = await this.uow.run(async (tx) => {
      await writeSystems(tx);
      return this.store
        .in(tx)
        .insert({ name: profile.name, profile: withoutSystems(profile), is_demo: isDemo }, this.clock.now());
    });
    return toOut(row, await register.profileSystems());
  }

  async update(actor: Actor, profile: Profile): Promise<OrganisationOut> {
    requireRole(actor, ['admin', 'compliance_officer']);
    const current = await this.store.first();
    if (!current) throw new AppError('not_found', noOrganisation);
    const register = this.systems();
    // Checked before anything is written: a graded system left out or re-levelled is refused.
    const writeSystems = await register.prepareProfileSystems(profile.mlps.systems);
    const row = await this.uow.run(async (tx) => {
      await writeSystems(tx);
      return this.store
        .in(tx)
        .update(current.id, { name: profile.name, profile: withoutSystems(profile) }, this.clock.now());
    });
    if (!row)
      throw new AppError('not_found', {
        en: 'The organisation disappeared while saving.',
        zh: '保存时单位信息已不存在。',
      });
    return toOut(row, await register.profileSystems());
  }
}
