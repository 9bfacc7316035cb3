// A small validator for the subset of JSON Schema that Hiver's OpenAPI document uses:
// type, properties, items, required, nullable. Used by the contract test; no dependency.
// `x-optional` is our own marker for a named exception: that property may be absent.

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  nullable?: boolean;
  'x-optional'?: boolean;
  [other: string]: unknown;
}

export interface ValidateOptions {
  /** Treat every declared property as required (unless x-optional). Hiver's document declares
   *  no `required` lists in responses, so this is what makes a missing field visible. */
  allDeclaredRequired?: boolean;
}

/** The problems found, each with a path such as $.data.results[3].id; empty when valid. */
export function validate(value: unknown, schema: Schema, options: ValidateOptions = {}, path = '$'): string[] {
  if (value === null) return schema.nullable ? [] : [`${path}: null is not allowed`];
  const problems: string[] = [];
  const type = schema.type;
  if (type !== undefined && !hasType(value, type)) return [`${path}: expected ${type}, got ${describe(value)}`];
  if (type === 'array' && schema.items && Array.isArray(value)) {
    value.forEach((item, i) => problems.push(...validate(item, schema.items!, options, `${path}[${i}]`)));
  }
  if (type === 'object' && isPlainObject(value)) {
    const required = new Set(schema.required ?? []);
    for (const [name, propertySchema] of Object.entries(schema.properties ?? {})) {
      if (value[name] === undefined) {
        const mustBePresent = required.has(name) || (options.allDeclaredRequired && !propertySchema['x-optional']);
        if (mustBePresent) problems.push(`${path}.${name}: missing`);
        continue;
      }
      problems.push(...validate(value[name], propertySchema, options, `${path}.${name}`));
    }
  }
  return problems;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value;
}

/** A copy of `schema` with `patch` merged into the subschema at `at`, e.g. 'data.results[].assignee'. */
export function patchSchema(schema: Schema, at: string, patch: Partial<Schema>): Schema {
  const copy = structuredClone(schema);
  let node: Schema = copy;
  for (const step of at.split('.')) {
    const isItems = step.endsWith('[]');
    const name = isItems ? step.slice(0, -2) : step;
    if (name) {
      const next = node.properties?.[name];
      if (!next) throw new Error(`patchSchema: no property ${name} on the way to ${at}`);
      node = next;
    }
    if (isItems) {
      if (!node.items) throw new Error(`patchSchema: no items at ${step} on the way to ${at}`);
      node = node.items;
    }
  }
  Object.assign(node, patch);
  return copy;
}
