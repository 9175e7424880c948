// Small caches kept in a Map: a Map iterates in insertion order, so its first key is the one set
// longest ago, and re-setting a key (delete, then set) makes it the newest.

/** Drops the oldest entries of `map` until at most `max` are left. */
export function trimOldest<K, V>(map: Map<K, V>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) break;
    map.delete(oldest.value);
  }
}

/** Sets `key` as the newest entry of `map`, then drops the oldest beyond `max`. */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  trimOldest(map, max);
}
