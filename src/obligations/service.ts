import { assess, type Assessment } from './applicability.js';
import type { Catalog } from './catalog-io.js';
import { parseProfile, ProfileError, type Profile } from './profile.js';
import { AppError } from '../platform/errors.js';

/** Which duties apply: to a profile given, or to the organisation's own. */
export class ObligationsService {
  constructor(
    private readonly catalog: Catalog,
    private readonly organisationProfile: () => Promise<Profile>,
  ) {}

  catalogue(): Catalog {
    return this.catalog;
  }

  assessProfile(input: unknown): Assessment {
    try {
      return assess(parseProfile(input), this.catalog);
    } catch (err) {
      if (err instanceof ProfileError) throw new AppError('validation_failed', err.messages, err.issues);
      throw err;
    }
  }

  async assessOrganisation(): Promise<Assessment> {
    return assess(await this.organisationProfile(), this.catalog);
  }
}
