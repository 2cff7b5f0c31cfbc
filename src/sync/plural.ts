/** A count with its noun, singular for exactly one: `1 user`, `2 users`, `0 users`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
