/** A literal on the right of a comparison; guids and date-times are kept apart from strings. */
export type ODataLiteral =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'guid'; value: string }
  | { kind: 'dateTime'; value: string; epochMs: number };

/**
 * What a comparison reads. `root` is null for the filtered object itself, or the name of the lambda
 * variable in scope (`m` in `otherMails/any(m: m eq 'x')`, where `path` is then empty).
 * `count` is `collection/$count`.
 */
export type ODataTarget =
  | { kind: 'property'; root: string | null; path: string[] }
  | { kind: 'count'; root: string | null; path: string[] };

/** The comparison operators of Graph `$filter`. */
export type ODataComparisonOp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

/** A parsed Graph `$filter` expression. */
export type ODataExpr =
  | { kind: 'and' | 'or'; left: ODataExpr; right: ODataExpr }
  | { kind: 'not'; operand: ODataExpr }
  | { kind: 'compare'; op: ODataComparisonOp; target: ODataTarget; value: ODataLiteral }
  | { kind: 'in'; target: ODataTarget; values: ODataLiteral[] }
  | { kind: 'startsWith' | 'endsWith'; target: ODataTarget; value: string }
  | {
      kind: 'lambda';
      quantifier: 'any' | 'all';
      root: string | null;
      collection: string[];
      /** Null for the argument-less `any()`, true when the collection has an element. */
      variable: string | null;
      predicate: ODataExpr | null;
    };
