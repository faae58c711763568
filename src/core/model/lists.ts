/**
 * Adds `value` to `key`'s list in `map`, in place. (Copying the list on each addition, `[...(map.get(key) ??
 * []), value]`, costs O(n²): tens of ms for a group of 1000 processes.)
 */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
