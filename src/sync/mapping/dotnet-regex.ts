// .NET regular expressions (what Entra's Replace and REGEX MATCH use) mapped onto JavaScript's.
// The common syntax is shared; .NET's `(?'name'...)` groups, a leading `(?i)` option and
// `${name}` substitutions are translated. Without the `u` flag, identity escapes such as `\@`
// stay legal, as they are in .NET.

const cache = new Map<string, RegExp>();

/** Compiles a .NET pattern to a cached JavaScript RegExp; throws SyntaxError when it is invalid. */
export function dotNetRegex(pattern: string, flags = ''): RegExp {
  const key = `${flags}/${pattern}`;
  let re = cache.get(key);
  if (!re) {
    let source = pattern.replace(/\(\?'([A-Za-z_]\w*)'/g, '(?<$1>');
    const inline = /^\(\?([imsx]+)\)/.exec(source);
    if (inline) {
      source = source.slice(inline[0].length);
      flags += [...(inline[1] as string)].filter((f) => f === 'i' || f === 'm' || f === 's').join('');
    }
    re = new RegExp(source, flags);
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** Translates a .NET replacement string (`${name}`, `$1`, `$$`) into JavaScript's (`$<name>`). */
export function dotNetReplacement(replacement: string): string {
  return replacement.replace(/\$\{([A-Za-z_]\w*)\}/g, '$<$1>');
}

/** A message when the pattern is not a valid regular expression, else null. */
export function regexError(pattern: string): string | null {
  try {
    dotNetRegex(pattern);
    return null;
  } catch (e) {
    return `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`;
  }
}
