import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getMetadataStorage } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { readSignupForm } from '../onboarding/signup-form.js';
import { ONE_LINE } from './one-line.decorator.js';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const dtoFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? dtoFiles(join(dir, entry.name))
      : entry.name.endsWith('.dto.ts')
        ? [join(dir, entry.name)]
        : [],
  );

describe('names and labels are one line of text', () => {
  it('is the rule of every name and label a request body takes, in every DTO', async () => {
    const storage = getMetadataStorage();
    const missing: string[] = [];
    let checked = 0;
    for (const file of dtoFiles(SRC))
      for (const exported of Object.values(await import(file)))
        if (typeof exported === 'function') {
          const rules = storage.getTargetValidationMetadatas(exported, '', true, false);
          for (const property of ['name', 'label']) {
            const own = rules.filter((rule) => rule.propertyName === property);
            // A property with validation rules is one a request sends (answers carry none).
            if (own.length === 0) continue;
            checked++;
            if (!own.some((rule) => rule.name === ONE_LINE || rule.constraintCls?.name === ONE_LINE))
              missing.push(`${(exported as { name: string }).name}.${property}`);
          }
        }
    expect(checked).toBeGreaterThanOrEqual(8);
    expect(missing).toEqual([]);
  });

  it("refuses a control character in a patient's name on the sign-up form", () => {
    const form = (name: string) =>
      readSignupForm({ name, phone: '+14155550100', email: 'a@example.com', consent: 'yes' }, 'US').errors;
    expect(form('Ada Lovelace')).toEqual({});
    for (const name of ['Ada\u0000', 'Ada\u001b[31m', 'Ada\u2028Byron', 'Ada\u0085'])
      expect(form(name).name, JSON.stringify(name)).toMatch(/one line/);
  });
});
