/** Escalations of short clocks sent through the reminder channels: one row per item and point, ever. */
export interface DeadlineEscalationTable {
  /** The item's identity (source/entry/rule@dueAt, see openItemKey). */
  item_key: string;
  /** half | quarter | expiry */
  point: string;
  due_at: Date;
  sent_at: Date;
  /** Channels that accepted the message (null until the sending finished). */
  delivered: number | null;
}

export interface EscalationTables {
  deadline_escalations: DeadlineEscalationTable;
}
