// The day's tile budget in words, for the status bar's hover and the account message.

/** Tiles left today out of the daily limit. */
export interface TileBudgetReading {
  remaining: number;
  limit: number;
}

/** e.g. "Tiles left today: 49,870 of 50,000 (renews at midnight UTC)." */
export function describeTileBudget(reading: TileBudgetReading | undefined): string {
  if (!reading) return 'Tiles left today: not counted yet.';
  const n = (x: number): string => x.toLocaleString('en-US');
  return `Tiles left today: ${n(reading.remaining)} of ${n(reading.limit)} (renews at midnight UTC).`;
}
