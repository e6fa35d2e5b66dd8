/** The complaints area of the content capability (placeholder until its helper lands it). */
export class ComplaintsService {}
