/** The takedowns area of the content capability (placeholder until its helper lands it). */
export class TakedownsService {}
