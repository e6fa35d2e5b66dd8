/** PLACEHOLDER of the skeleton: the gate area's service (replaced by its builder). */
export class GateService {}
