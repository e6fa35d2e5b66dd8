/** A record's proof as a file: the record, its inclusion proof and the signed checkpoint (docs/LEDGER-FORMAT.md). */
export function proofHref(id: string): string {
  return `/api/evidence/${id}/proof?download=1`;
}
