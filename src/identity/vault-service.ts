/** PLACEHOLDER of the skeleton: the vault area's service (replaced by its builder). */
export class VaultService {}
