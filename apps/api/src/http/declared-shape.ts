import type { FieldError } from './problem.js';

/** Where @nestjs/swagger keeps what @ApiProperty declares (its constants are not exported from the package root). */
const DECORATORS = {
  API_MODEL_PROPERTIES: 'swagger/apiModelProperties',
  API_MODEL_PROPERTIES_ARRAY: 'swagger/apiModelPropertiesArray',
};

interface DeclaredProperty {
  required?: boolean;
  nullable?: boolean;
  isArray?: boolean;
  type?: unknown;
}

/** A lone UTF-16 surrogate: no valid text holds one (validators throw on it, databases mangle it). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The properties a DTO class declares for the OpenAPI document, with what it says of each. */
function declaredProperties(dto: unknown): Map<string, DeclaredProperty> {
  const properties = new Map<string, DeclaredProperty>();
  if (typeof dto !== 'function') return properties;
  const prototype = (dto as { prototype: object }).prototype;
  const names = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, prototype) as string[] | undefined) ?? [];
  for (const name of names.map((n) => n.replace(/^:/, ''))) {
    const declared = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, name) as DeclaredProperty;
    properties.set(name, declared ?? {});
  }
  return properties;
}

/** A nested DTO class the property holds (a lazy `type: () => X` is resolved), or null for a plain value. */
function nestedClass(declared: DeclaredProperty): unknown {
  let type = declared.type;
  if (typeof type === 'function' && !('prototype' in type && type.prototype) && type.length === 0)
    type = (type as () => unknown)();
  if (Array.isArray(type)) type = type[0];
  return typeof type === 'function' && declaredProperties(type).size > 0 ? type : null;
}

/**
 * What a body must be before any rule of its fields is checked, read from what its DTO declares for the
 * OpenAPI document (so the document and the check cannot disagree): every required field present, null only
 * where the field is declared nullable, nested objects checked the same way, and every text well-formed.
 * These are the holes a DTO's own decorators leave open (a missing nested object, an optional field sent as
 * null, a lone surrogate a validator throws on): here they are closed for every DTO at once.
 */
export function shapeErrors(dto: unknown, body: unknown, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const walkText = (value: unknown, at: string) => {
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value))
        errors.push({ field: at, messages: [`${at} is not valid text (it holds a lone UTF-16 surrogate)`] });
    } else if (Array.isArray(value)) value.forEach((item, i) => walkText(item, `${at}[${i}]`));
    else if (value && typeof value === 'object')
      for (const [key, item] of Object.entries(value)) walkText(item, at ? `${at}.${key}` : key);
  };
  const declared = declaredProperties(dto);
  if (declared.size === 0 || body === null || typeof body !== 'object' || Array.isArray(body)) {
    walkText(body, prefix);
    return errors;
  }
  const values = body as Record<string, unknown>;
  for (const [name, property] of declared) {
    const value = values[name];
    if (value === undefined) {
      if (property.required !== false) errors.push({ field: field(name), messages: [`${field(name)} is required`] });
      continue;
    }
    if (value === null) {
      if (!property.nullable) errors.push({ field: field(name), messages: [`${field(name)} must not be null`] });
      continue;
    }
    const nested = nestedClass(property);
    if (nested && Array.isArray(value))
      value.forEach((item, i) => errors.push(...shapeErrors(nested, item, `${field(name)}[${i}]`)));
    else if (nested && typeof value === 'object') errors.push(...shapeErrors(nested, value, field(name)));
    else walkText(value, field(name));
  }
  for (const [name, value] of Object.entries(values)) if (!declared.has(name)) walkText(value, field(name));
  return errors;
}
