/** The screening area of the content capability (placeholder until its helper lands it). */
export class ScreeningService {}
