/**
 * A tiny validator for the subset of JSON Schema (draft 2020-12) that
 * static/schema/weight-set-v1.json uses, so the tests can hold the published schema against the
 * valibot schema without a dependency. Any keyword outside the subset is an error, so the schema
 * file cannot drift into keywords this validator would silently ignore.
 *
 * Subset: $schema, $id, $defs, $ref (local "#/$defs/NAME"), title, description, format
 * (annotation only, as in 2020-12), type, const, enum, properties, required,
 * additionalProperties (false), items, minItems, maxItems, minLength, maxLength (in code points),
 * pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, anyOf, oneOf.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Schema = Record<string, unknown>;

/** A published JSON Schema of the weight set: static/schema/weight-set-vVERSION.json. */
export const schemaFile = (version: number): Schema =>
  JSON.parse(
    readFileSync(
      path.resolve(__dirname, `../../../static/schema/weight-set-v${version}.json`),
      'utf8'
    )
  ) as Schema;

const KNOWN = new Set([
  '$schema',
  '$id',
  '$defs',
  '$ref',
  'title',
  'description',
  'format',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'anyOf',
  'oneOf'
]);

function typeOf(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  return typeof x;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Errors of `value` against `root` (empty when valid), each "path: what". */
export function validate(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const check = (schema: Schema, x: unknown, path: string): void => {
    for (const key of Object.keys(schema))
      if (!KNOWN.has(key))
        throw new Error(`json-schema.ts: keyword "${key}" at ${path} is outside the subset`);
    if (typeof schema.$ref === 'string') {
      const m = /^#\/\$defs\/([A-Za-z0-9_]+)$/.exec(schema.$ref);
      const target = m ? (root.$defs as Record<string, Schema>)[m[1]!] : undefined;
      if (!target) throw new Error(`json-schema.ts: cannot resolve ${schema.$ref}`);
      check(target, x, path);
    }
    if (schema.type !== undefined) {
      const t = typeOf(x);
      const want = schema.type as string;
      const ok =
        want === t ||
        (want === 'integer' && t === 'number' && Number.isInteger(x)) ||
        (want === 'number' && t === 'number');
      if (!ok) {
        errors.push(`${path}: expected ${want}, got ${t}`);
        return;
      }
    }
    if ('const' in schema && !deepEqual(schema.const, x)) errors.push(`${path}: expected const`);
    if (schema.enum && !(schema.enum as unknown[]).some((e) => deepEqual(e, x)))
      errors.push(`${path}: not in enum`);
    if (typeof x === 'string') {
      const len = [...x].length;
      if (typeof schema.minLength === 'number' && len < schema.minLength)
        errors.push(`${path}: too short`);
      if (typeof schema.maxLength === 'number' && len > schema.maxLength)
        errors.push(`${path}: too long`);
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(x))
        errors.push(`${path}: does not match ${schema.pattern}`);
    }
    if (typeof x === 'number') {
      if (typeof schema.minimum === 'number' && x < schema.minimum)
        errors.push(`${path}: below minimum`);
      if (typeof schema.maximum === 'number' && x > schema.maximum)
        errors.push(`${path}: above maximum`);
      if (typeof schema.exclusiveMinimum === 'number' && !(x > schema.exclusiveMinimum))
        errors.push(`${path}: not above exclusiveMinimum`);
      if (typeof schema.exclusiveMaximum === 'number' && !(x < schema.exclusiveMaximum))
        errors.push(`${path}: not below exclusiveMaximum`);
    }
    if (Array.isArray(x)) {
      if (typeof schema.minItems === 'number' && x.length < schema.minItems)
        errors.push(`${path}: too few items`);
      if (typeof schema.maxItems === 'number' && x.length > schema.maxItems)
        errors.push(`${path}: too many items`);
      if (schema.items)
        x.forEach((item, k) => check(schema.items as Schema, item, `${path}[${k}]`));
    }
    if (typeOf(x) === 'object') {
      const o = x as Record<string, unknown>;
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const r of (schema.required ?? []) as string[])
        if (!(r in o)) errors.push(`${path}.${r}: required`);
      for (const [k, v] of Object.entries(o)) {
        if (props[k]) check(props[k]!, v, `${path}.${k}`);
        else if (schema.additionalProperties === false) errors.push(`${path}.${k}: not allowed`);
      }
    }
    if (schema.anyOf) {
      const ok = (schema.anyOf as Schema[]).some(
        (s) => validate({ ...s, $defs: root.$defs }, x).length === 0
      );
      if (!ok) errors.push(`${path}: matches none of anyOf`);
    }
    if (schema.oneOf) {
      const n = (schema.oneOf as Schema[]).filter(
        (s) => validate({ ...s, $defs: root.$defs }, x).length === 0
      ).length;
      if (n !== 1) errors.push(`${path}: matches ${n} of oneOf`);
    }
  };
  check(root, value, '$');
  return errors;
}
