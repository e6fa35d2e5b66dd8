/** Prints one benchmark figure as one JSON line, with its anchor measured in the same run and the ratio. */
export function line(
  bench: string,
  metric: string,
  value: number,
  unit: string,
  anchor: string,
  anchorValue: number,
  ratio: number,
): void {
  console.log(
    JSON.stringify({
      bench,
      metric,
      value: Number(value.toFixed(3)),
      unit,
      anchor,
      anchor_value: Number(anchorValue.toFixed(3)),
      ratio: Number(ratio.toFixed(3)),
    }),
  );
}
