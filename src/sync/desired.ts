import type { CompiledAttribute, CompiledMapping } from './mapping/compile.js';
import type { Env } from './mapping/evaluate.js';
import type { EvalContext } from './mapping/functions/index.js';
import { asString, fromGraph, isNullOrEmpty, readPath } from './mapping/values.js';
import type { Value } from './mapping/values.js';
import type { AttributeValue, SourceUser } from './types.js';

/** Target attributes Graph types as Boolean: expression results such as "True" become booleans. */
const BOOLEAN_TARGETS = new Set(['accountEnabled', 'showInAddressList']);
const EXTENSION_ATTRIBUTE = /^extensionAttribute([1-9]|1[0-5])$/;

/** Where one attribute's value came from, for provision-on-demand reports. */
export interface AttributeTrace {
  target: string;
  mapping: string;
  value: AttributeValue | '[Redact]';
  dropped: boolean;
}

export type DesiredResult =
  | { ok: true; attributes: Record<string, AttributeValue>; trace?: AttributeTrace[] }
  | { ok: false; errors: { target: string; message: string }[] };

export interface DesiredOptions {
  sourceTenantId: string;
  anchorAttribute: string;
  /** Include OnCreate mappings and default values (a create); otherwise only Always mappings. */
  forCreate: boolean;
  ctx: EvalContext;
  trace?: boolean;
}

/** The anchor that ties a target user to its source user: `<sourceTenantId>:<sourceObjectId>`. */
export function anchorValue(sourceTenantId: string, sourceUserId: string): string {
  return `${sourceTenantId}:${sourceUserId}`;
}

/** Reads a source attribute as an expression value; `extensionAttributeN` also finds onPremisesExtensionAttributes. */
export function readSourceAttribute(user: SourceUser, path: string): Value {
  if (path === 'objectId' || path === 'id') return user.id;
  const direct = user.attributes[path];
  const raw = direct === undefined && path.includes('.') ? readPath(user.attributes, path) : direct;
  if (raw === undefined && EXTENSION_ATTRIBUTE.test(path)) {
    return fromGraph(readPath(user.attributes, `onPremisesExtensionAttributes.${path}`));
  }
  return fromGraph(raw);
}

/**
 * Converts an expression result into what Graph stores for the target attribute: "" becomes null,
 * Boolean targets take booleans, every other single value is a string (as Entra flows them).
 */
export function toAttributeValue(target: string, v: Value): AttributeValue {
  if (v === null || v === '') return null;
  if (Array.isArray(v)) return v as readonly string[];
  if (BOOLEAN_TARGETS.has(target)) {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  }
  if (typeof v === 'string') return v;
  return asString(v);
}

export type DesiredValues =
  | { ok: true; values: (AttributeValue | undefined)[] }
  | { ok: false; errors: { target: string; message: string }[] };

/**
 * One Env and one values array reused from user to user: a plan evaluates the mapping for 100,000s of
 * users, and would otherwise allocate both for each. Values returned with it last until the next call.
 */
export interface DesiredScratch {
  env(user: SourceUser): Env;
  values: (AttributeValue | undefined)[];
}

export function desiredScratch(ctx: EvalContext): DesiredScratch {
  let current: SourceUser | undefined;
  const env: Env = { read: (name) => readSourceAttribute(current as SourceUser, name), ctx };
  return {
    env(user) {
      current = user;
      return env;
    },
    values: [],
  };
}

/**
 * Evaluates the mapping for one source user into values aligned with `mapping.attributes`;
 * undefined where the attribute does not flow (OnCreate outside a create, or IgnoreFlowIfNullOrEmpty).
 */
export function desiredValues(
  user: SourceUser,
  mapping: CompiledMapping,
  forCreate: boolean,
  ctx: EvalContext,
  scratch?: DesiredScratch,
): DesiredValues {
  const env: Env = scratch ? scratch.env(user) : { read: (name) => readSourceAttribute(user, name), ctx };
  const attributes = mapping.attributes;
  const values = scratch?.values ?? new Array<AttributeValue | undefined>(attributes.length);
  values.length = attributes.length;
  let errors: { target: string; message: string }[] | null = null;
  for (let i = 0; i < attributes.length; i += 1) {
    const a = attributes[i] as CompiledAttribute;
    values[i] = undefined;
    if (a.apply === 'OnCreate' && !forCreate) continue;
    env.attribute = a.target;
    let value: Value;
    try {
      value = a.evaluate(env);
    } catch (e) {
      (errors ??= []).push({ target: a.target, message: (e as Error).message });
      continue;
    }
    if (a.ignoreIfEmpty && isNullOrEmpty(value)) continue;
    if (forCreate && a.defaultValue !== null && isNullOrEmpty(value)) value = a.defaultValue;
    values[i] = toAttributeValue(a.target, value);
  }
  return errors ? { ok: false, errors } : { ok: true, values };
}

/** One attribute evaluated for a provision-on-demand report: the source values it read and its result. */
export interface AttributeEvaluation {
  target: string;
  mapping: string;
  redact: boolean;
  /** The source attributes the mapping read, in order, with the values it saw. */
  sources: { attribute: string; value: Value }[];
  /** undefined: the attribute does not flow (OnCreate outside a create, or IgnoreFlowIfNullOrEmpty). */
  value?: AttributeValue;
  error?: string;
}

/** Evaluates every mapped attribute for one user, recording which source attributes each read. */
export function evaluateAttributes(
  user: SourceUser,
  mapping: CompiledMapping,
  forCreate: boolean,
  ctx: EvalContext,
): AttributeEvaluation[] {
  return mapping.attributes.map((a) => {
    const sources: { attribute: string; value: Value }[] = [];
    const env: Env = {
      read: (name) => {
        const value = readSourceAttribute(user, name);
        if (!sources.some((s) => s.attribute === name)) sources.push({ attribute: name, value });
        return value;
      },
      ctx,
      attribute: a.target,
    };
    const base = { target: a.target, mapping: a.description, redact: a.redact, sources };
    if (a.apply === 'OnCreate' && !forCreate) return base;
    let value: Value;
    try {
      value = a.evaluate(env);
    } catch (e) {
      return { ...base, error: (e as Error).message };
    }
    if (a.ignoreIfEmpty && isNullOrEmpty(value)) return base;
    if (forCreate && a.defaultValue !== null && isNullOrEmpty(value)) value = a.defaultValue;
    return { ...base, value: toAttributeValue(a.target, value) };
  });
}

/** Evaluates the mapping for one source user: the target attributes it should have, with the anchor. */
export function desiredAttributes(
  user: SourceUser,
  mapping: CompiledMapping,
  options: DesiredOptions,
): DesiredResult {
  const r = desiredValues(user, mapping, options.forCreate, options.ctx);
  if (!r.ok) return r;
  const attributes: Record<string, AttributeValue> = {};
  const trace: AttributeTrace[] | undefined = options.trace ? [] : undefined;
  mapping.attributes.forEach((a, i) => {
    if (a.apply === 'OnCreate' && !options.forCreate) return;
    const value = r.values[i];
    if (value !== undefined) attributes[a.target] = value;
    trace?.push({
      target: a.target,
      mapping: a.description,
      value: a.redact ? '[Redact]' : (value ?? null),
      dropped: value === undefined,
    });
  });
  attributes[options.anchorAttribute] = anchorValue(options.sourceTenantId, user.id);
  return trace ? { ok: true, attributes, trace } : { ok: true, attributes };
}

/** Turns dotted attribute paths into the nested object a Graph PATCH expects. */
export function toGraphPatch(attributes: Readonly<Record<string, AttributeValue>>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(attributes)) {
    const parts = path.split('.');
    let node = body;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      node = (next !== null && typeof next === 'object' ? next : (node[part] = {})) as Record<
        string,
        unknown
      >;
    }
    node[parts[parts.length - 1] as string] = value;
  }
  return body;
}
