/**
 * A page of a keyset-paged list from `limit + 1` rows read in list order: the first `limit`, and the cursor of the
 * next page (that of the last row kept) when there was one more row, else null.
 */
export function keysetPage<T, C>(rows: T[], limit: number, cursorOf: (last: T) => C): { items: T[]; next: C | null } {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? cursorOf(items[limit - 1]) : null };
}
