import { z } from 'zod';
import { profileSchema } from '../obligations/profile.js';

export const organisationOut = z.object({
  id: z.number(),
  name: z.string(),
  isDemo: z.boolean(),
  profile: profileSchema,
  updatedAt: z.string(),
});
export type OrganisationOut = z.infer<typeof organisationOut>;

export const updateOrganisationBody = z.strictObject({ profile: profileSchema });
