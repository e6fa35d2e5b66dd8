/**
 * The engine explains each duty with the profile facts that made it apply
 * ("services includes instant_messaging"); this renders them in the console's
 * language.
 */
type T = (key: string, options?: Record<string, unknown>) => string;

export function becauseText(reason: string, t: T): string {
  if (reason === 'applies to everyone') return t('applies to everyone');
  let m = /^([a-z_.]+) includes ([a-z_]+)$/.exec(reason);
  if (m) return t('{{fact}} includes {{value}}', { fact: t(`fact.${m[1]}`), value: t(`service.${m[2]}`) });
  m = /^([a-z_.]+) is true$/.exec(reason);
  if (m) return t(`fact.${m[1]}`);
  m = /^([a-z_.]+) = (\d+) \((.+)\)$/.exec(reason);
  if (m)
    return t('{{fact}}: {{value}} ({{bounds}})', {
      fact: t(`fact.${m[1]}`),
      value: Number(m[2]).toLocaleString(),
      bounds: m[3],
    });
  m = /^not \((.+)\)$/.exec(reason);
  if (m) return t('not: {{reason}}', { reason: becauseText(m[1]!, t) });
  return reason;
}

/** Every profile fact a catalogue condition may name. */
export const factKeys = [
  'network_operator',
  'central_state_organ',
  'services',
  'cii.operator',
  'cii.voluntary',
  'cii.sector',
  'products.network_products_or_services',
  'products.critical_equipment_or_security_products',
  'personal_information.processes',
  'personal_information.individuals',
  'personal_information.sensitive_individuals',
  'personal_information.cross_border.individuals_this_year',
  'personal_information.cross_border.sensitive_individuals_this_year',
  'personal_information.cross_border.important_data',
];
