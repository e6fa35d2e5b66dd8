/** Gate checks counted per Beijing day and service. */
export interface GateCountTable {
  day: string;
  service: string;
  allowed: string | number;
  denied: string | number;
}

/** A day's seal of a service: the csl.real-name evidence. */
export interface GateSealTable {
  day: string;
  service: string;
  allowed: string | number;
  denied: string | number;
  verifications: number;
  merkle_root: string;
  evidence_id: string;
  sealed_at: Date;
}

export interface GateTables {
  identity_gate_counts: GateCountTable;
  identity_gate_seals: GateSealTable;
}
