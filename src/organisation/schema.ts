import { z } from 'zod';
import { organisationSchema, type Organisation } from '../../contract/organisation.js';
import { profileSchema } from '../obligations/profile.js';

export const organisationOut = organisationSchema;
export type OrganisationOut = Organisation;

export const updateOrganisationBody = z.strictObject({ profile: profileSchema });
