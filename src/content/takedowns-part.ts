import type { ContentPart } from './part.js';
import { TakedownsService } from './takedowns-service.js';

/** The takedowns area (placeholder: no routes yet). */
export const takedownsPart: ContentPart<'takedowns'> = {
  key: 'takedowns',
  migrations: {},
  build: () => new TakedownsService(),
};
