import type { ContentPart } from './part.js';
import { ScreeningService } from './screening-service.js';

/** The screening area (placeholder: no routes yet). */
export const screeningPart: ContentPart<'screening'> = {
  key: 'screening',
  migrations: {},
  build: () => new ScreeningService(),
};
