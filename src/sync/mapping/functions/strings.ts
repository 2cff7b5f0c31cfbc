import { ExpressionError, asInteger, asList, asString, asText, isNullOrEmpty } from '../values.js';
import type { FunctionDef } from './types.js';
import type { Node } from '../parser.js';
import { literal } from './types.js';

// Characters that do not decompose under NFD, with Entra's replacements (NormalizeDiacritics table).
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  ø: 'oe',
  Ø: 'OE',
  œ: 'oe',
  Œ: 'OE',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  þ: 'th',
  Þ: 'TH',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'g');

/** Replaces diacritical characters by plain ones (é->e, ß->ss, æ->ae, ø->oe). */
export function normalizeDiacritics(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(SPECIAL_RE, (c) => SPECIAL[c] as string);
}

/** One character in upper case, or itself when upper case would take more than one (ß). */
const upperOne = (c: string): string => {
  const u = c.toUpperCase();
  return u.length === c.length ? u : c;
};

// The Unicode categories .NET's TextInfo.ToTitleCase ends a word at: spaces, controls, format
// characters, punctuation (quotes, dashes, brackets, ...) and symbols. The ASCII apostrophe is the
// exception: it stays inside a word (o'neil -> O'neil), where the typographic ’ ends one (O’Neil).
const WORD_SEPARATOR = /[\p{Z}\p{Cc}\p{Cf}\p{P}\p{S}]/u;
const LETTER = /\p{L}/u;

/**
 * Proper case. Without `separators`, as documented: the text in lower case, then .NET's ToTitleCase,
 * where a word starts at a letter (so 3rd becomes 3Rd) and runs to the next separator. With them,
 * the first character after each separator upper and every other lower.
 */
export function properCase(s: string, separators?: string): string {
  let out = '';
  if (separators !== undefined) {
    let startOfWord = true;
    for (const c of s) {
      const separator = separators.includes(c);
      out += separator ? c : startOfWord ? upperOne(c) : invariantCase(c, 'lower');
      startOfWord = separator;
    }
    return out;
  }
  let inWord = false;
  for (const c of invariantCase(s, 'lower')) {
    if (inWord && (c === "'" || !WORD_SEPARATOR.test(c))) out += c;
    else if (LETTER.test(c)) {
      out += upperOne(c);
      inWord = true;
    } else {
      out += c;
      inWord = false;
    }
  }
  return out;
}

function cultureCheck(args: readonly Node[]): string | null {
  const culture = literal(args[1]);
  if (culture === undefined || culture === '') return null;
  try {
    Intl.getCanonicalLocales(culture);
    return null;
  } catch {
    return `unknown culture ${JSON.stringify(culture)}`;
  }
}

/**
 * .NET's invariant culture maps case one character to one character: "ß" stays "ß" in upper case and
 * "ﬁ" stays "ﬁ", where JavaScript's full mapping writes "SS" and "FI", and it knows no final sigma.
 */
function invariantCase(s: string, to: 'lower' | 'upper'): string {
  // JavaScript's full mapping only ever lengthens text: the same length means one to one throughout.
  const full = to === 'lower' ? s.toLowerCase() : s.toUpperCase();
  if (full.length === s.length && (to === 'upper' || !s.includes('Σ'))) return full;
  let out = '';
  for (const c of s) {
    const mapped = to === 'lower' ? c.toLowerCase() : c.toUpperCase();
    out += [...mapped].length === 1 ? mapped : c;
  }
  return out;
}

/** ToLower / ToUpper: invariant culture unless a culture such as tr-TR is given. */
function changeCase(to: 'lower' | 'upper'): FunctionDef {
  return {
    min: 1,
    max: 2,
    check: cultureCheck,
    call: (a) => {
      const s = asString(a.get(0));
      const culture = asString(a.get(1));
      if (s === null) return null;
      if (culture) return to === 'lower' ? s.toLocaleLowerCase(culture) : s.toLocaleUpperCase(culture);
      return invariantCase(s, to);
    },
  };
}

export const stringFunctions: Record<string, FunctionDef> = {
  Append: { min: 2, max: 2, call: (a) => asText(a.get(0)) + asText(a.get(1)) },
  Join: {
    min: 2,
    max: Infinity,
    call: (a) => {
      const parts: string[] = [];
      for (let i = 1; i < a.count; i += 1) {
        for (const v of asList(a.get(i))) if (v !== '') parts.push(v);
      }
      return parts.join(asText(a.get(0)));
    },
  },
  Left: {
    min: 2,
    max: 2,
    call: (a) => {
      const s = asText(a.get(0));
      const n = asInteger(a.get(1), 'Left: NumChars');
      return n < 0 ? s : s.slice(0, n);
    },
  },
  Mid: {
    min: 3,
    max: 3,
    call: (a) => {
      const s = asText(a.get(0));
      const start = asInteger(a.get(1), 'Mid: start');
      const length = asInteger(a.get(2), 'Mid: length');
      if (start < 1) throw new ExpressionError(`Mid: start is 1-based and must be at least 1, got ${start}`);
      if (length <= 0) return '';
      return s.slice(start - 1, start - 1 + length);
    },
  },
  Word: {
    min: 3,
    max: 3,
    call: (a) => {
      const n = asInteger(a.get(1), 'Word: WordNumber');
      const delimiters = asText(a.get(2));
      if (n < 1) return '';
      const words: string[] = [];
      let current = '';
      for (const c of asText(a.get(0))) {
        if (delimiters.includes(c)) {
          if (current !== '') words.push(current);
          current = '';
        } else current += c;
      }
      if (current !== '') words.push(current);
      return words[n - 1] ?? '';
    },
  },
  PCase: {
    min: 1,
    max: 2,
    call: (a) => {
      const s = asString(a.get(0));
      if (s === null) return null;
      return properCase(s, a.present(1) ? asText(a.get(1)) : undefined);
    },
  },
  StripSpaces: { min: 1, max: 1, call: (a) => asString(a.get(0))?.replaceAll(' ', '') ?? null },
  ToLower: changeCase('lower'),
  ToUpper: changeCase('upper'),
  NormalizeDiacritics: {
    min: 1,
    max: 1,
    call: (a) => {
      const s = asString(a.get(0));
      return s === null ? null : normalizeDiacritics(s);
    },
  },
  InStr: {
    min: 2,
    max: 4,
    check: (args) => {
      const mode = args[3];
      if (mode?.kind === 'identifier' && mode.name !== 'vbTextCompare' && mode.name !== 'vbBinaryCompare') {
        return `InStr: compareType must be vbTextCompare or vbBinaryCompare, not ${mode.name}`;
      }
      return null;
    },
    call: (a) => {
      const v1 = asString(a.get(0));
      const v2 = asText(a.get(1));
      if (v1 === null) return null;
      const start = a.present(2) ? asInteger(a.get(2), 'InStr: start') : 1;
      if (start < 1)
        throw new ExpressionError(`InStr: start is 1-based and must be at least 1, got ${start}`);
      const text = asString(a.get(3)) === 'vbTextCompare';
      const hay = text ? v1.toLowerCase() : v1;
      return hay.indexOf(text ? v2.toLowerCase() : v2, start - 1) + 1;
    },
  },
  CStr: { min: 1, max: 1, call: (a) => asString(a.get(0)) },
  IsString: { min: 1, max: 1, call: (a) => typeof a.get(0) === 'string' },
  IsNull: { min: 1, max: 1, call: (a) => a.get(0) === null },
  IsNullOrEmpty: { min: 1, max: 1, call: (a) => isNullOrEmpty(a.get(0)) },
  IsPresent: { min: 1, max: 1, call: (a) => !isNullOrEmpty(a.get(0)) },
};
