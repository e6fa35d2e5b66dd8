/**
 * The capabilities of the product, named after the law's own systems. The
 * console shows each in its navigation; one that is not built yet says so
 * instead of pretending.
 */
export interface Capability {
  key: string;
  /** Articles of CSL 2025 it serves (2016 numbering in brackets), for the nav tooltip. */
  articles: string;
  available: boolean;
}

export const capabilities: readonly Capability[] = [
  { key: 'law', articles: 'CSL 2016 / 2025, CII Regulation', available: true },
  { key: 'obligations', articles: 'all duty-bearing articles', available: true },
  { key: 'ledger', articles: 'evidence for every duty', available: true },
  {
    key: 'governance',
    articles: 'Arts 23 (21), 51, 56, 58: MLPS, appointments, policies, regulators',
    available: true,
  },
  { key: 'cii', articles: 'Arts 35-40 (33-38), CII Regulation', available: true },
  { key: 'incidents', articles: 'Art 27 (25): emergency plans and reports', available: false },
  { key: 'privacy', articles: 'Arts 42-46 (40-44)', available: false },
  { key: 'content', articles: 'Arts 49-52 (47-50)', available: false },
  { key: 'identity', articles: 'Art 26 (24): real-name verification', available: false },
  { key: 'logvault', articles: 'Art 23(3) (21(3)): logs kept six months', available: false },
];
