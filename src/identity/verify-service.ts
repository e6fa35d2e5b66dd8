/** PLACEHOLDER of the skeleton: the verify area's service (replaced by its builder). */
export class VerifyService {}
