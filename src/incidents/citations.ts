import { formatCitation, formatRef, instruments as statutes } from '../../contract/citation.js';
import type { Bilingual, IncidentsFile } from './catalog-schema.js';

/**
 * Citations of the incident rules as people read them: the CSL and the CII
 * Regulation through the shared formatter (《网络安全法》第二十七条 / CSL 2025
 * Art 27), the instruments only this capability cites (the 2025 Incident
 * Reporting Measures) from the catalogue's names. "measures2025:annex" is
 * the grading guide annexed to the Measures; an instrument alone is cited
 * without an article (its article number is still to be checked). Pure.
 */
export function formatIncidentCitation(
  citation: string,
  catalogInstruments: IncidentsFile['instruments'],
): Bilingual {
  const [instrument = '', ref] = citation.split(':');
  if (statutes[instrument] && ref)
    return { zh: formatCitation(instrument, ref, 'zh'), en: formatCitation(instrument, ref, 'en') };
  const own = catalogInstruments[instrument];
  // The catalogue writes each name as it is cited (with its title marks).
  const name = { zh: own?.zh ?? instrument, en: own?.en ?? instrument };
  if (!ref) return name;
  if (ref === 'annex')
    return { zh: `${name.zh}附件《网络安全事件分级指南》`, en: `${name.en}, Annex (grading guide)` };
  return { zh: `${name.zh}${formatRef(ref, 'zh')}`, en: `${name.en} ${formatRef(ref, 'en')}` };
}

/** Several citations joined: 《国家网络安全事件报告管理办法》第四条；《网络安全法》第二十七条. */
export function formatIncidentCitations(
  citations: readonly string[],
  catalogInstruments: IncidentsFile['instruments'],
): Bilingual {
  const each = citations.map((c) => formatIncidentCitation(c, catalogInstruments));
  return { zh: each.map((c) => c.zh).join('；'), en: each.map((c) => c.en).join('; ') };
}
